/** Slice and PadV2 (Cropping2D / ZeroPadding2D and their gradients) as strided block copies. */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { floats, output, sizeOf, withFallback } from '../backend.js';

export function copyKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    {
      kernelName: tf.Slice,
      backendName: 'native',
      kernelFunc: withFallback(tf.Slice, (args) => {
        const { x } = args.inputs;
        const xv = floats(args.backend, x);
        if (!xv) return null;
        const [begin, size] = tf.slice_util.parseSliceParams(x, args.attrs?.begin as number | number[], args.attrs?.size as number | number[]);
        tf.slice_util.assertParamsValid(x, begin, size);
        const y = args.backend.allocate(sizeOf(size));
        addon.slice(xv, x.shape, begin, size, y);
        return output(args.backend, size, y);
      }) as tf.KernelFunc,
    },
    {
      kernelName: tf.PadV2,
      backendName: 'native',
      kernelFunc: withFallback(tf.PadV2, (args) => {
        const { x } = args.inputs;
        const xv = floats(args.backend, x);
        if (!xv) return null;
        const paddings = args.attrs?.paddings as [number, number][];
        const outShape = paddings.map((p, i) => p[0] + x.shape[i] + p[1]);
        const y = args.backend.allocate(sizeOf(outShape));
        addon.pad(xv, x.shape, paddings.map((p) => p[0]), paddings.map((p) => p[1]), Number(args.attrs?.constantValue ?? 0), y);
        return output(args.backend, outShape, y);
      }) as tf.KernelFunc,
    },
  ];
}
