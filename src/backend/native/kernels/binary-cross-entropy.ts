/** The fused binary cross-entropy of ../../binary-cross-entropy.ts: loss and gradient. */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon.js';
import { floatsOrCopy, output, type KernelArgs } from '../backend.js';
import { BINARY_CROSS_ENTROPY, BINARY_CROSS_ENTROPY_GRAD } from '../../binary-cross-entropy.js';

export function binaryCrossEntropyKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    {
      kernelName: BINARY_CROSS_ENTROPY,
      backendName: 'native',
      kernelFunc: ((args: KernelArgs) => {
        const { backend, inputs } = args;
        const t = floatsOrCopy(backend, inputs.target), p = floatsOrCopy(backend, inputs.output);
        const y = backend.allocate(p.length);
        addon.bce(t, p, y, Number(args.attrs?.epsilon));
        return output(backend, inputs.output.shape, y);
      }) as unknown as tf.KernelFunc,
    },
    {
      kernelName: BINARY_CROSS_ENTROPY_GRAD,
      backendName: 'native',
      kernelFunc: ((args: KernelArgs) => {
        const { backend, inputs } = args;
        const dy = floatsOrCopy(backend, inputs.dy), t = floatsOrCopy(backend, inputs.target), p = floatsOrCopy(backend, inputs.output);
        const dp = backend.allocate(p.length);
        addon.bceGrad(dy, t, p, dp, Number(args.attrs?.epsilon));
        return output(backend, inputs.output.shape, dp);
      }) as unknown as tf.KernelFunc,
    },
  ];
}
