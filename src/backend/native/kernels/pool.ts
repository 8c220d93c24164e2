/** MaxPool, MaxPoolGrad, ResizeNearestNeighbor and its gradient (NHWC). */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { floats, output, sizeOf, withFallback, type KernelArgs } from '../backend.js';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;

function poolShape(args: KernelArgs, xShape: number[]): { shape: number[]; outShape: number[] } {
  const attrs = args.attrs ?? {};
  const info = tf.backend_util.computePool2DInfo(xShape as [number, number, number, number],
    attrs.filterSize as number | [number, number], attrs.strides as number | [number, number], 1,
    attrs.pad as Pad, attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined);
  return {
    shape: [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
      info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight,
      info.dilationWidth, info.padInfo.top, info.padInfo.left],
    outShape: info.outShape,
  };
}

function resizeShape(x: tf.TensorInfo, outH: number, outW: number, alignCorners: boolean, halfPixel: boolean): number[] {
  const [batch, inH, inW, channels] = x.shape;
  return [batch, inH, inW, channels, outH, outW, alignCorners ? 1 : 0, halfPixel ? 1 : 0];
}

export function poolKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    {
      kernelName: tf.MaxPool,
      backendName: 'native',
      kernelFunc: withFallback(tf.MaxPool, (args) => {
        const { x } = args.inputs;
        const xv = floats(args.backend, x);
        if (!xv || x.shape.length !== 4) return null;
        const { shape, outShape } = poolShape(args, x.shape);
        const y = args.backend.allocate(sizeOf(outShape));
        addon.maxPool(xv, y, shape);
        return output(args.backend, outShape, y);
      }) as tf.KernelFunc,
    },
    {
      kernelName: tf.MaxPoolGrad,
      backendName: 'native',
      kernelFunc: withFallback(tf.MaxPoolGrad, (args) => {
        const { dy, input } = args.inputs;
        const xv = floats(args.backend, input), dyv = floats(args.backend, dy);
        if (!xv || !dyv || input.shape.length !== 4) return null;
        const { shape } = poolShape(args, input.shape);
        const dx = args.backend.allocate(xv.length);
        addon.maxPoolGrad(xv, dyv, dx, shape);
        return output(args.backend, input.shape, dx);
      }) as tf.KernelFunc,
    },
    {
      kernelName: tf.ResizeNearestNeighbor,
      backendName: 'native',
      kernelFunc: withFallback(tf.ResizeNearestNeighbor, (args) => {
        const { images } = args.inputs;
        const xv = floats(args.backend, images);
        if (!xv || images.shape.length !== 4) return null;
        const [outH, outW] = args.attrs?.size as [number, number];
        const shape = resizeShape(images, outH, outW, Boolean(args.attrs?.alignCorners), Boolean(args.attrs?.halfPixelCenters));
        const outShape = [images.shape[0], outH, outW, images.shape[3]];
        const y = args.backend.allocate(sizeOf(outShape));
        addon.resizeNearest(xv, y, shape);
        return output(args.backend, outShape, y);
      }) as tf.KernelFunc,
    },
    {
      kernelName: tf.ResizeNearestNeighborGrad,
      backendName: 'native',
      kernelFunc: withFallback(tf.ResizeNearestNeighborGrad, (args) => {
        const { images, dy } = args.inputs;
        const dyv = floats(args.backend, dy);
        if (!dyv || images.shape.length !== 4 || images.dtype !== 'float32') return null;
        // The cpu gradient ignores halfPixelCenters (tfjs-core does not pass it), so do we.
        const shape = resizeShape(images, dy.shape[1], dy.shape[2], Boolean(args.attrs?.alignCorners), false);
        const dx = args.backend.allocate(sizeOf(images.shape));
        addon.resizeNearestGrad(dyv, dx, shape);
        return output(args.backend, images.shape, dx);
      }) as tf.KernelFunc,
    },
  ];
}
