/**
 * Code penalties shared by the sparse and contractive autoencoders, as plain tensor functions so
 * each can be gradient-checked on its own.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Keras `activity_regularizer=regularizers.l1(l)` on the code: the L1 regularizer is
 * `l * sum(abs(h))` over the whole batch output, and the layer divides it by the batch size
 * ("Make activity regularization strength batch-agnostic", tf.keras base_layer.py), so the
 * penalty is l * sum_j |h_j| summed over code units and averaged over the batch.
 */
export function l1ActivityPenalty(code: tf.Tensor, weight: number): tf.Scalar {
  return tf.tidy(() => tf.mul(weight, tf.div(tf.sum(tf.abs(code)), code.shape[0]!)) as tf.Scalar);
}

/** Clamp for the mean activation inside the logarithms (an all-off unit would give log 0). */
const KL_EPSILON = 1e-6;

/**
 * Sparsity penalty of Ng's sparse autoencoder notes: beta * sum_j KL(rho || rho_hat_j), with
 * rho_hat_j the batch mean of code unit j (a sigmoid, so in (0, 1)) and
 * KL(rho || q) = rho log(rho / q) + (1 - rho) log((1 - rho) / (1 - q)).
 */
export function klSparsityPenalty(code: tf.Tensor, target: number, weight: number): tf.Scalar {
  return tf.tidy(() => {
    const q = tf.clipByValue(tf.mean(tf.reshape(code, [code.shape[0]!, -1]), 0), KL_EPSILON, 1 - KL_EPSILON);
    const kl = tf.add(
      tf.mul(target, tf.log(tf.div(target, q))),
      tf.mul(1 - target, tf.log(tf.div(1 - target, tf.sub(1, q)))),
    );
    return tf.mul(weight, tf.sum(kl)) as tf.Scalar;
  });
}

/**
 * Squared Frobenius norm of the encoder Jacobian dh/dx for a sigmoid dense layer h = s(xW + b),
 * per sample, in closed form (Rifai et al. 2011): sum_j (h_j (1 - h_j))^2 sum_i W_ij^2.
 * `code` is [batch, units], `kernel` is [inputs, units]; returns [batch].
 */
export function sigmoidJacobianNormSquared(code: tf.Tensor, kernel: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const slope = tf.mul(code, tf.sub(1, code));
    const columnNorms = tf.sum(tf.square(kernel), 0);
    return tf.sum(tf.mul(tf.square(slope), columnNorms), 1);
  });
}

/**
 * The same norm for any encoder, by autodiff: one gradient per code unit of the unit summed over
 * the batch (samples are independent, so row n of that gradient is dh_j(x_n)/dx_n). Exact, and
 * differentiable again (tfjs supports second-order gradients of these ops), at the cost of one
 * backward pass per code unit: meant for small codes. Returns [batch].
 */
export function jacobianNormSquared(encode: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const units = (encode(x).shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
    const batch = x.shape[0]!;
    let total: tf.Tensor = tf.zeros([batch]);
    for (let j = 0; j < units; j++) {
      const gradient = tf.grad((input: tf.Tensor) => tf.sum(tf.slice(tf.reshape(encode(input), [batch, units]), [0, j], [batch, 1])))(x);
      total = tf.add(total, tf.sum(tf.reshape(tf.square(gradient), [batch, -1]), 1));
    }
    return total;
  });
}
