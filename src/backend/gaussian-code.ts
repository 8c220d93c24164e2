/**
 * A VAE's sampled code and its KL term, from the posterior's mean and log-variance [rows, units]
 * and standard normal noise of that shape:
 *   code = mean + exp(logVariance / 2) * noise           (the reparameterization trick)
 *   kl   = -0.5 * sum over units of (1 + logVariance - mean^2 - exp(logVariance))   [rows]
 * Composed from tfjs ops they are ~12 kernels forward and ~25 backward on tensors of a few
 * hundred values, each a trip through tfjs's engine: ~0.55 ms of the dense VAE's ~13 ms
 * training step. Backends that register the two kernels below (the native engine) run one
 * kernel each way. The values and gradients are the composition's.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Inputs {mean, logVariance, noise} of one shape [rows, units]: [code [rows, units], kl [rows]]. */
export const GAUSSIAN_CODE = 'AekitGaussianCode';
/**
 * Inputs {dCode, dKl, mean, logVariance, noise}: [dMean, dLogVariance], the gradients of the
 * two outputs' cotangents with respect to the posterior.
 */
export const GAUSSIAN_CODE_GRAD = 'AekitGaussianCodeGrad';

export interface GaussianCode {
  code: tf.Tensor2D;
  kl: tf.Tensor1D;
}

function hasFusedKernels(backend: string): boolean {
  return tf.getKernel(GAUSSIAN_CODE, backend) !== undefined && tf.getKernel(GAUSSIAN_CODE_GRAD, backend) !== undefined;
}

/** The code drawn with `noise` and the KL of each row, KL(N(mean, exp(logVariance)) || N(0, I)). */
export function gaussianCode(mean: tf.Tensor, logVariance: tf.Tensor, noise: tf.Tensor): GaussianCode {
  const shape = mean.shape;
  if (mean.rank !== 2 || !tf.util.arraysEqual(logVariance.shape, shape) || !tf.util.arraysEqual(noise.shape, shape)) {
    throw new Error(`gaussianCode: mean, log-variance and noise must share one shape [rows, units], found [${shape.join(', ')}], `
      + `[${logVariance.shape.join(', ')}] and [${noise.shape.join(', ')}]`);
  }
  if ([mean, logVariance, noise].every((t) => t.dtype === 'float32') && hasFusedKernels(tf.getBackend())) {
    const [code, kl] = tf.engine().runKernel(GAUSSIAN_CODE, { mean, logVariance, noise }) as [tf.Tensor2D, tf.Tensor1D];
    return { code, kl };
  }
  return tf.tidy(() => {
    const code = tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVariance)), noise)) as tf.Tensor2D;
    const perUnit = tf.sub(tf.sub(tf.add(1, logVariance), tf.square(mean)), tf.exp(logVariance));
    return { code, kl: tf.mul(-0.5, tf.sum(perUnit, 1)) as tf.Tensor1D };
  });
}

// Both gradients come from one kernel, run here once (as the fused layers' dz): tfjs runs each
// lazy function in its own tidy, so they only hand out its results.
tf.registerGradient({
  kernelName: GAUSSIAN_CODE,
  inputsToSave: ['mean', 'logVariance', 'noise'],
  gradFunc: (dys, saved) => {
    const [dCode, dKl] = dys as tf.Tensor[];
    const [mean, logVariance, noise] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
    const [dMean, dLogVariance] = tf.engine().runKernel(GAUSSIAN_CODE_GRAD, { dCode: dCode!, dKl: dKl!, mean, logVariance, noise }) as tf.Tensor[];
    return {
      mean: () => dMean!,
      logVariance: () => dLogVariance!,
      noise: () => tf.mul(dCode!, tf.exp(tf.mul(0.5, logVariance))),
    };
  },
});
