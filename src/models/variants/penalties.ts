/**
 * Code penalties shared by the sparse and contractive autoencoders, as plain tensor functions so
 * each can be gradient-checked on its own.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../presets/dense.js';

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
 * The same norm for any encoder, by first-order autodiff: one gradient per code unit of the unit
 * summed over the batch (samples are independent, so row n is dh_j(x_n)/dx_n). Exact values, but
 * NOT usable inside a loss: tfjs's second-order gradients through saved activations (tanh,
 * sigmoid) are wrong (measured against finite differences), so training uses
 * `denseJacobianNormSquared`. This one is the independent reference it is tested against.
 */
export function autodiffJacobianNormSquared(encode: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
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

export interface DenseStep {
  kernel: tf.Tensor;
  bias: tf.Tensor;
  activation: Activation;
}

/** Activation and its derivative, both from the pre-activation z (tfjs-layers' definitions). */
const ACTIVATION_SLOPES: Record<Activation, (z: tf.Tensor) => [tf.Tensor, tf.Tensor]> = {
  linear: (z) => [z, tf.onesLike(z)],
  relu: (z) => [tf.relu(z), tf.step(z)],
  sigmoid: (z) => {
    const s = tf.sigmoid(z);
    return [s, tf.mul(s, tf.sub(1, s))];
  },
  tanh: (z) => {
    const t = tf.tanh(z);
    return [t, tf.sub(1, tf.square(t))];
  },
  softplus: (z) => [tf.softplus(z), tf.sigmoid(z)],
  elu: (z) => [tf.elu(z), tf.where(tf.greater(z, 0), tf.onesLike(z), tf.exp(z))],
  selu: (z) => {
    const [alpha, scale] = [1.6732632423543772, 1.0507009873554805];
    return [tf.selu(z), tf.where(tf.greater(z, 0), tf.fill(z.shape, scale), tf.mul(scale * alpha, tf.exp(z)))];
  },
};

/**
 * ||J_f(x)||_F^2 per sample for any stack of dense layers, exactly, by the chain rule written as
 * ordinary tensor ops (so first-order autodiff of the penalty is exact): J^T is carried as
 * [batch, code, width], starting at the code layer and multiplied down to the input.
 * Cost batch x code x sum(width_l x width_{l-1}): meant for small codes.
 */
export function denseJacobianNormSquared(steps: DenseStep[], x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const slopes: tf.Tensor[] = [];
    let h = x;
    for (const step of steps) {
      const [out, slope] = ACTIVATION_SLOPES[step.activation](tf.add(tf.matMul(h, step.kernel), step.bias));
      slopes.push(slope);
      h = out;
    }
    // J^T of the last layer: [batch, code, width_{L-1}] = slope_L[:, :, None] * W_L^T[None].
    const last = steps.length - 1;
    let jt = tf.mul(tf.expandDims(slopes[last]!, 2), tf.expandDims(tf.transpose(steps[last]!.kernel), 0));
    for (let l = last - 1; l >= 0; l--) {
      const scaled = tf.mul(jt, tf.expandDims(slopes[l]!, 1)); // times diag(slope_l)
      const [batch, code, width] = scaled.shape as [number, number, number];
      jt = tf.reshape(tf.matMul(tf.reshape(scaled, [batch * code, width]), steps[l]!.kernel, false, true), [batch, code, -1]);
    }
    return tf.sum(tf.square(jt), [1, 2]);
  });
}
