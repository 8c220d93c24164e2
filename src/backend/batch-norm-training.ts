/**
 * Batch normalisation in training mode as ONE kernel each way: tfjs composes it from tf.moments
 * and tf.batchNorm, ~15 small kernels forward and backward per layer. Backends that register
 * the two kernels below (the native engine does) run it fused; `hasFusedBatchNormTraining`
 * tells whether the current one does.
 *
 * Same maths as the composition: per-channel (last axis) batch mean and biased variance,
 * y = (x - mean) / sqrt(variance + epsilon) * gamma + beta, and the full gradient, including the
 * paths through the batch statistics.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Inputs {x, gamma, beta}, attr {epsilon}; outputs [y, mean, variance]. */
export const BATCH_NORM_TRAINING = 'AekitBatchNormTraining';
/** Inputs {dy, x, mean, variance, gamma, dmean, dvariance}, attr {epsilon}; outputs [dx, dgamma, dbeta]. */
export const BATCH_NORM_TRAINING_GRAD = 'AekitBatchNormTrainingGrad';

export interface BatchNormTrainingResult {
  y: tf.Tensor;
  /** Per-channel batch mean. */
  mean: tf.Tensor1D;
  /** Per-channel biased batch variance (divided by the count, as tf.moments). */
  variance: tf.Tensor1D;
}

/** True when `backend` (default: the current one) has both fused kernels. */
export function hasFusedBatchNormTraining(backend: string = tf.getBackend()): boolean {
  return tf.getKernel(BATCH_NORM_TRAINING, backend) !== undefined
    && tf.getKernel(BATCH_NORM_TRAINING_GRAD, backend) !== undefined;
}

/**
 * Normalises x over every axis but the last with its batch statistics. Differentiable in x,
 * gamma and beta (one gradient kernel call for all three). Needs a backend with the fused
 * kernels: check `hasFusedBatchNormTraining()` first.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): BatchNormTrainingResult {
  const backend = tf.getBackend();
  if (!hasFusedBatchNormTraining(backend)) {
    throw new Error(`batchNormTraining: backend '${backend}' has no '${BATCH_NORM_TRAINING}' kernel; `
      + 'check hasFusedBatchNormTraining() and use tf.moments + tf.batchNorm otherwise');
  }
  if (x.rank < 1 || x.dtype !== 'float32') {
    throw new Error(`batchNormTraining: x must be a float32 tensor of rank >= 1, found ${x.dtype} of shape [${x.shape.join(', ')}]`);
  }
  const channels = x.shape[x.rank - 1];
  for (const [name, t] of [['gamma', gamma], ['beta', beta]] as const) {
    if (t.rank !== 1 || t.size !== channels || t.dtype !== 'float32') {
      throw new Error(`batchNormTraining: ${name} must be float32 of shape [${channels}] (x's last dim), `
        + `found ${t.dtype} of shape [${t.shape.join(', ')}]`);
    }
  }
  if (!(epsilon >= 0)) throw new Error(`batchNormTraining: epsilon must be a number >= 0, found ${epsilon}`);
  const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x, gamma, beta }, { epsilon }) as tf.Tensor[];
  return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

// A registered gradient rather than tf.customGrad: customGrad ops have a single output, and the
// batch statistics must be outputs too (the layer's moving averages read them).
tf.registerGradient({
  kernelName: BATCH_NORM_TRAINING,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    // The engine passes zeros for outputs that do not reach the loss.
    const [dy, dmean, dvariance] = dys as tf.Tensor[];
    const [x, gamma, mean, variance] = saved;
    const [dx, dgamma, dbeta] = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD,
      { dy, x, mean, variance, gamma, dmean, dvariance }, { epsilon: attrs.epsilon }) as tf.Tensor[];
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
});
