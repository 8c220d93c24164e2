/**
 * The mean squared error of a whole batch, mean((target - output)^2) over every element.
 * Composed from tfjs ops it is squaredDifference + mean forward and five kernels backward (the
 * mean's division, reshape and broadcast, then the squared difference's gradient), each a pass
 * over the batch or a trip through tfjs's engine. Backends that register the two kernels below
 * (the native engine) run one pass each way. The value and gradients are the composition's.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Inputs {target, output} of one shape: the scalar mean of (target - output)^2. */
export const MEAN_SQUARED_ERROR = 'AekitMeanSquaredError';
/** Inputs {dy (scalar), a, b} of one shape: (2 dy / size) * (a - b), the gradient with respect to a. */
export const MEAN_SQUARED_ERROR_GRAD = 'AekitMeanSquaredErrorGrad';

function hasFusedKernels(backend: string): boolean {
  return tf.getKernel(MEAN_SQUARED_ERROR, backend) !== undefined && tf.getKernel(MEAN_SQUARED_ERROR_GRAD, backend) !== undefined;
}

export function meanSquaredError(target: tf.Tensor, output: tf.Tensor): tf.Scalar {
  const sameShape = tf.util.arraysEqual(target.shape, output.shape);
  if (sameShape && target.dtype === 'float32' && output.dtype === 'float32' && hasFusedKernels(tf.getBackend())) {
    return tf.engine().runKernel(MEAN_SQUARED_ERROR, { target, output }) as tf.Scalar;
  }
  return tf.tidy(() => tf.mean(tf.squaredDifference(target, output)) as tf.Scalar);
}

tf.registerGradient({
  kernelName: MEAN_SQUARED_ERROR,
  inputsToSave: ['target', 'output'],
  gradFunc: (dy, saved) => {
    const [target, output] = saved as [tf.Tensor, tf.Tensor];
    const grad = (a: tf.Tensor, b: tf.Tensor) => () => tf.engine().runKernel(MEAN_SQUARED_ERROR_GRAD, { dy: dy as tf.Tensor, a, b }) as tf.Tensor;
    return { output: grad(output, target), target: grad(target, output) };
  },
});
