/** The fused binary cross-entropy of ../../binary-cross-entropy.ts: loss and gradient. */
import type * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { sameShapeKernel } from '../backend.js';
import { BINARY_CROSS_ENTROPY, BINARY_CROSS_ENTROPY_GRAD } from '../../binary-cross-entropy.js';

export function binaryCrossEntropyKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    sameShapeKernel(BINARY_CROSS_ENTROPY, ['target', 'output'],
      ([t, p], y, attrs) => addon.bce(t!, p!, y, Number(attrs['epsilon']))),
    sameShapeKernel(BINARY_CROSS_ENTROPY_GRAD, ['dy', 'target', 'output'],
      ([dy, t, p], dp, attrs) => addon.bceGrad(dy!, t!, p!, dp, Number(attrs['epsilon']))),
  ];
}
