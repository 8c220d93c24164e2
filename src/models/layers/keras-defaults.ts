/**
 * Keras's defaults where tfjs-layers differs. tfjs-layers initialises Dense and convolution
 * kernels with 'glorotNormal' (a normal truncated at two standard deviations and not rescaled, so
 * its spread is 0.88x Glorot's); Keras uses 'glorot_uniform'. The smaller start measurably slows
 * training (deep 784-1000-500-250-30, full MNIST: test MSE after one epoch 0.0213 from tfjs's
 * default, 0.0174 from Glorot-uniform, PyTorch 0.0173), so aekit's layers default to Keras's choice.
 */
import type { DenseLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/core.js';

type InitializerArg = DenseLayerArgs['kernelInitializer'];

export const KERAS_KERNEL_INITIALIZER: InitializerArg = 'glorotUniform';

/** `args` with Keras's kernel initializer unless the caller chose one. */
export function withKerasKernelInitializer<T extends { kernelInitializer?: InitializerArg }>(args: T): T {
  return args.kernelInitializer === undefined ? { ...args, kernelInitializer: KERAS_KERNEL_INITIALIZER } : args;
}
