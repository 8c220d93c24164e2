/** Conv2D, FusedConv2D and the two convolution gradients (NHWC only; NCHW falls back). */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { floats, output, sizeOf, withFallback, type KernelArgs } from '../backend.js';
import { readEpilogue } from './matmul.js';

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

/** The 15 numbers native/conv.h's ConvShape expects. */
export function convShape(info: tf.backend_util.Conv2DInfo): number[] {
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.outChannels, info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, info.padInfo.top, info.padInfo.left];
}

function isNhwc(attrs: tf.NamedAttrMap | undefined): boolean {
  const format = attrs?.dataFormat as string | undefined;
  return format === undefined || format === 'NHWC' || format === 'channelsLast';
}

export function convInfo(inShape: number[], filterShape: number[], attrs: tf.NamedAttrMap, dilations: number | [number, number]) {
  return tf.backend_util.computeConv2DInfo(inShape as Shape4, filterShape as Shape4,
    attrs.strides as number | [number, number], dilations, attrs.pad as Pad,
    attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined, false, 'channelsLast');
}

function conv2d(addon: NativeAddon, args: KernelArgs, fused: boolean): tf.TensorInfo | null {
  const { x, filter } = args.inputs;
  const attrs = args.attrs ?? {};
  const xv = floats(args.backend, x), wv = floats(args.backend, filter);
  if (!xv || !wv || !isNhwc(attrs)) return null;
  const info = convInfo(x.shape, filter.shape, attrs, (attrs.dilations as number | [number, number]) ?? 1);
  const ep = fused ? readEpilogue(args, info.outChannels) : { bias: null, activation: 0, alpha: 0, prelu: null };
  if (!ep) return null;
  const y = args.backend.allocate(sizeOf(info.outShape));
  addon.conv2d(xv, wv, y, convShape(info), ep.bias, ep.activation, ep.alpha, ep.prelu);
  return output(args.backend, info.outShape, y);
}

export function convKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    {
      kernelName: tf.Conv2D,
      backendName: 'native',
      kernelFunc: withFallback(tf.Conv2D, (args) => conv2d(addon, args, false)) as tf.KernelFunc,
    },
    {
      kernelName: tf.FusedConv2D,
      backendName: 'native',
      kernelFunc: withFallback(tf.FusedConv2D, (args) => conv2d(addon, args, true)) as tf.KernelFunc,
    },
    {
      kernelName: tf.Conv2DBackpropInput,
      backendName: 'native',
      kernelFunc: withFallback(tf.Conv2DBackpropInput, (args) => {
        const { dy, filter } = args.inputs;
        const attrs = args.attrs ?? {};
        const dyv = floats(args.backend, dy), wv = floats(args.backend, filter);
        if (!dyv || !wv || !isNhwc(attrs)) return null;
        const info = convInfo(attrs.inputShape as number[], filter.shape, attrs, 1);
        const dx = args.backend.allocate(sizeOf(info.inShape));
        addon.conv2dBackpropInput(dyv, wv, dx, convShape(info));
        return output(args.backend, info.inShape, dx);
      }) as tf.KernelFunc,
    },
    {
      kernelName: tf.Conv2DBackpropFilter,
      backendName: 'native',
      kernelFunc: withFallback(tf.Conv2DBackpropFilter, (args) => {
        const { x, dy } = args.inputs;
        const attrs = args.attrs ?? {};
        const xv = floats(args.backend, x), dyv = floats(args.backend, dy);
        if (!xv || !dyv || !isNhwc(attrs)) return null;
        const filterShape = attrs.filterShape as number[];
        const info = convInfo(x.shape, filterShape, attrs, 1);
        const dw = args.backend.allocate(sizeOf(filterShape));
        addon.conv2dBackpropFilter(xv, dyv, dw, convShape(info));
        return output(args.backend, filterShape, dw);
      }) as tf.KernelFunc,
    },
  ];
}
