/**
 * Element-wise binary cross-entropy, -(t log p + (1 - t) log(1 - p)) with p clipped to
 * [epsilon, 1 - epsilon] as Keras does. Composed from tfjs ops it is ~8 kernels forward and ~15
 * backward (clip mask, two logs, their quotients...) for every reconstruction loss; backends that
 * register the two kernels below (the native engine) run it as one kernel each way. The maths
 * and the gradient are the composition's.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Keras's clipping epsilon for binary cross-entropy. */
export const BCE_EPSILON = 1e-7;

/** Inputs {target, output}, attr {epsilon}: the element-wise loss. */
export const BINARY_CROSS_ENTROPY = 'AekitBinaryCrossEntropy';
/** Inputs {dy, target, output}, attr {epsilon}: the gradient with respect to output. */
export const BINARY_CROSS_ENTROPY_GRAD = 'AekitBinaryCrossEntropyGrad';

function hasFusedKernels(backend: string): boolean {
  return tf.getKernel(BINARY_CROSS_ENTROPY, backend) !== undefined && tf.getKernel(BINARY_CROSS_ENTROPY_GRAD, backend) !== undefined;
}

/** The loss of every element of output (probabilities) against target, same shape. */
export function binaryCrossEntropy(target: tf.Tensor, output: tf.Tensor, epsilon = BCE_EPSILON): tf.Tensor {
  const sameShape = tf.util.arraysEqual(target.shape, output.shape);
  if (sameShape && target.dtype === 'float32' && output.dtype === 'float32' && hasFusedKernels(tf.getBackend())) {
    return tf.engine().runKernel(BINARY_CROSS_ENTROPY, { target, output }, { epsilon }) as tf.Tensor;
  }
  return tf.tidy(() => {
    const p = tf.clipByValue(output, epsilon, 1 - epsilon);
    return tf.neg(tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p)))));
  });
}

tf.registerGradient({
  kernelName: BINARY_CROSS_ENTROPY,
  inputsToSave: ['target', 'output'],
  gradFunc: (dy, saved, attrs) => {
    const [target, output] = saved as [tf.Tensor, tf.Tensor];
    const epsilon = Number(attrs['epsilon']);
    return {
      output: () => tf.engine().runKernel(BINARY_CROSS_ENTROPY_GRAD, { dy: dy as tf.Tensor, target, output }, { epsilon }) as tf.Tensor,
      // Targets are data in every aekit model, so this path is rare: composed, -(log p - log(1 - p)).
      target: () => {
        const p = tf.clipByValue(output, epsilon, 1 - epsilon);
        return tf.mul(dy as tf.Tensor, tf.neg(tf.sub(tf.log(p), tf.log(tf.sub(1, p)))));
      },
    };
  },
});
