/** The fused batch normalisation of ../../batch-norm-training.ts: statistics, output and gradient. */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { floatInput, nativeKernelConfig, output, type NativeBackend } from '../backend.js';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from '../../batch-norm-training.js';

function inputArrays(kernel: string, backend: NativeBackend, inputs: Record<string, tf.TensorInfo>,
  names: string[]): Float32Array[] {
  return names.map((name) => floatInput(kernel, backend, inputs, name));
}

function channelsOf(x: tf.TensorInfo): number {
  return x.shape[x.shape.length - 1];
}

export function batchNormTrainingKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    nativeKernelConfig(BATCH_NORM_TRAINING, (args) => {
      const { backend, inputs } = args;
      const [x, gamma, beta] = inputArrays(BATCH_NORM_TRAINING, backend, inputs, ['x', 'gamma', 'beta']);
      const channels = channelsOf(inputs.x);
      const y = backend.allocate(x.length), mean = backend.allocate(channels), variance = backend.allocate(channels);
      addon.batchNormTraining(x, gamma, beta, y, mean, variance, channels, Number(args.attrs?.epsilon));
      return [output(backend, inputs.x.shape, y), output(backend, [channels], mean), output(backend, [channels], variance)];
    }),
    nativeKernelConfig(BATCH_NORM_TRAINING_GRAD, (args) => {
      const { backend, inputs } = args;
      const [dy, x, mean, variance, gamma, dmean, dvariance] = inputArrays(BATCH_NORM_TRAINING_GRAD, backend, inputs,
        ['dy', 'x', 'mean', 'variance', 'gamma', 'dmean', 'dvariance']);
      const channels = channelsOf(inputs.x);
      const dx = backend.allocate(x.length), dgamma = backend.allocate(channels), dbeta = backend.allocate(channels);
      addon.batchNormTrainingGrad(dy, x, mean, variance, gamma, dmean, dvariance, dx, dgamma, dbeta, channels,
        Number(args.attrs?.epsilon));
      return [output(backend, inputs.x.shape, dx), output(backend, [channels], dgamma), output(backend, [channels], dbeta)];
    }),
  ];
}
