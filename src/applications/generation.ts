/**
 * Generating with a trained model: decode samples of the prior N(0, I) (meaningful for VAEs),
 * interpolate between the codes of two images, and the latent manifold of a 2-D latent space
 * (decode a grid of z at normal quantiles, as the Keras VAE example plots it).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from '../models/autoencoder.js';
import { Random } from '../util/random.js';

function flatCodeSize(model: Autoencoder, what: string): number {
  if (model.codeShape.length !== 1) {
    throw new Error(`${what}: model '${model.name}' has a ${model.codeShape.join('x')} code; this needs a flat code vector (dense or variational models)`);
  }
  return model.codeShape[0]!;
}

/** Decodes codes (count x size) into images (count x input size). */
export function decodeCodes(model: Autoencoder, codes: Float32Array, count: number): Float32Array {
  const size = flatCodeSize(model, 'decode');
  return tf.tidy(() => model.decodeBatch(tf.tensor2d(codes, [count, size])).dataSync() as Float32Array).slice();
}

/** `count` images decoded from z ~ N(0, I). */
export function samplePrior(model: Autoencoder, count: number, seed = 0): Float32Array {
  const size = flatCodeSize(model, 'samplePrior');
  if (!Number.isInteger(count) || count < 1) throw new Error(`samplePrior: count must be a whole number >= 1, got ${count}`);
  const random = Random.derive(seed, 0x9e11);
  const codes = new Float32Array(count * size).map(() => random.normal());
  return decodeCodes(model, codes, count);
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile: p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) / (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/**
 * An n x n grid of images decoded from a 2-D latent space: z_1 and z_2 run over the normal
 * quantiles of linspace(0.05, 0.95, n) (Keras: norm.ppf), z_2 decreasing down the rows so the
 * grid reads like a plot. Row-major, n*n images.
 */
export function latentManifold(model: Autoencoder, n: number): Float32Array {
  if (flatCodeSize(model, 'latentManifold') !== 2) throw new Error(`latentManifold: model '${model.name}' has a ${model.codeShape[0]}-D code; the manifold grid needs a 2-D latent space (e.g. vae with latentSize 2)`);
  if (!Number.isInteger(n) || n < 2) throw new Error(`latentManifold: n must be a whole number >= 2, got ${n}`);
  const grid = Array.from({ length: n }, (_, i) => normalQuantile(0.05 + (0.9 * i) / (n - 1)));
  const codes = new Float32Array(n * n * 2);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      codes[(row * n + col) * 2] = grid[col]!;
      codes[(row * n + col) * 2 + 1] = grid[n - 1 - row]!;
    }
  }
  return decodeCodes(model, codes, n * n);
}

/** `steps` images decoded along the straight line between the codes (means) of samples a and b. */
export function interpolate(model: Autoencoder, a: Float32Array, b: Float32Array, steps: number): Float32Array {
  const size = flatCodeSize(model, 'interpolate');
  if (!Number.isInteger(steps) || steps < 2) throw new Error(`interpolate: steps must be a whole number >= 2, got ${steps}`);
  const [za, zb] = tf.tidy(() => [a, b].map((x) => model.encodeBatch(tf.tensor(x, [1, ...model.inputShape])).dataSync().slice()));
  const codes = new Float32Array(steps * size);
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    for (let j = 0; j < size; j++) codes[s * size + j] = (1 - t) * za![j]! + t * zb![j]!;
  }
  return decodeCodes(model, codes, steps);
}
