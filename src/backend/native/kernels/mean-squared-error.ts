/** The fused mean squared error of ../../mean-squared-error.ts: loss and gradient. */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { floatsOrCopy, nativeKernelConfig, output, sameShapeKernel, sizeOf, type KernelArgs } from '../backend.js';
import { MEAN_SQUARED_ERROR, MEAN_SQUARED_ERROR_GRAD } from '../../mean-squared-error.js';

export function meanSquaredErrorKernels(addon: NativeAddon): tf.KernelConfig[] {
  const loss = (args: KernelArgs): tf.TensorInfo => {
    const { target, output: prediction } = args.inputs;
    const size = sizeOf(target!.shape);
    if (!prediction || !tf.util.arraysEqual(prediction.shape, target!.shape)) {
      throw new Error(`${MEAN_SQUARED_ERROR}: target and output must have one shape, found [${target!.shape.join(', ')}] and [${prediction?.shape.join(', ')}]`);
    }
    const sum = addon.squaredDifferenceSum(floatsOrCopy(args.backend, target!), floatsOrCopy(args.backend, prediction));
    return output(args.backend, [], Float32Array.of(size === 0 ? NaN : sum / size));
  };
  return [
    nativeKernelConfig(MEAN_SQUARED_ERROR, loss),
    sameShapeKernel(MEAN_SQUARED_ERROR_GRAD, ['a', 'b'], ([a, b], da, _attrs, args) => {
      const dy = floatsOrCopy(args.backend, args.inputs['dy']!)[0]!;
      addon.scaledDifference(a!, b!, da, (2 * dy) / da.length);
    }),
  ];
}
