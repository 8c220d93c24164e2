/** The fused binary cross-entropy of ../../binary-cross-entropy.ts: loss and gradient. */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon.js';
import { floats, output, type KernelArgs, type NativeBackend } from '../backend.js';
import { BINARY_CROSS_ENTROPY, BINARY_CROSS_ENTROPY_GRAD } from '../../binary-cross-entropy.js';

/** The float32 values of an input; a copy when another kernel left them in a non-float array. */
function valuesOf(backend: NativeBackend, t: tf.TensorInfo): Float32Array {
  return floats(backend, t) ?? Float32Array.from(backend.data.get(t.dataId).values as ArrayLike<number>);
}

export function binaryCrossEntropyKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    {
      kernelName: BINARY_CROSS_ENTROPY,
      backendName: 'native',
      kernelFunc: ((args: KernelArgs) => {
        const { backend, inputs } = args;
        const t = valuesOf(backend, inputs.target), p = valuesOf(backend, inputs.output);
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
        const dy = valuesOf(backend, inputs.dy), t = valuesOf(backend, inputs.target), p = valuesOf(backend, inputs.output);
        const dp = backend.allocate(p.length);
        addon.bceGrad(dy, t, p, dp, Number(args.attrs?.epsilon));
        return output(backend, inputs.output.shape, dp);
      }) as unknown as tf.KernelFunc,
    },
  ];
}
