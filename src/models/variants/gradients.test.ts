/**
 * Every custom loss and penalty, gradient-checked against central finite differences.
 * Method: tiny models (a few dozen weights) so every weight is checked; float32 arithmetic, so
 * eps = 1e-2 (rounding error ~1e-7 * |f| / eps stays far below the tolerance) and the check is
 * |numeric - autodiff| <= 1e-2 * max(|numeric|, |autodiff|) + 1e-4 (relative 1e-2, with an
 * absolute floor for near-zero entries).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../registry.js';
import type { Autoencoder } from '../autoencoder.js';
import { Random } from '../../util/random.js';
import { klSparsityPenalty, l1ActivityPenalty } from './penalties.js';
import { perImageReconstruction } from './vae.js';
import { gaussianCode } from '../../backend/gaussian-code.js';

before(async () => {
  await initBackend({ backend: 'auto' });
});

const EPS = 1e-2;

/** Compares d loss / d weight from autodiff with central differences, for every weight. */
function checkGradients(model: Autoencoder, x: tf.Tensor, seed: number): { checked: number; worst: number } {
  const loss = (): number => tf.tidy(() => model.computeLoss(x, { training: true, random: new Random(seed) }).loss.dataSync()[0]!);
  const variables = model.trainableVariables;
  const { grads, value } = tf.variableGrads(() => model.computeLoss(x, { training: true, random: new Random(seed) }).loss, variables);
  value.dispose();
  let checked = 0;
  let worst = 0;
  for (const variable of variables) {
    const analytic = grads[variable.name]!.dataSync();
    const values = variable.dataSync().slice();
    for (let i = 0; i < values.length; i++) {
      const original = values[i]!;
      values[i] = original + EPS;
      variable.assign(tf.tensor(values, variable.shape));
      const plus = loss();
      values[i] = original - EPS;
      variable.assign(tf.tensor(values, variable.shape));
      const minus = loss();
      values[i] = original;
      variable.assign(tf.tensor(values, variable.shape));
      const numeric = (plus - minus) / (2 * EPS);
      const error = Math.abs(numeric - analytic[i]!);
      const allowed = 1e-2 * Math.max(Math.abs(numeric), Math.abs(analytic[i]!)) + 1e-4;
      assert.ok(error <= allowed, `${model.name}: d loss / d ${variable.name}[${i}]: autodiff ${analytic[i]}, finite differences ${numeric}`);
      worst = Math.max(worst, error / allowed);
      checked++;
    }
  }
  tf.dispose(Object.values(grads));
  return { checked, worst };
}

function tinyInput(count: number, size: number, seed: number): tf.Tensor {
  const random = new Random(seed);
  return tf.tensor(Array.from({ length: count * size }, () => random.next()), [count, size]);
}

test('sparse autoencoder: L1 activity and KL sparsity penalties have correct gradients', () => {
  const model = buildModel('sparse', { inputShape: [6], options: { codeSize: 3, l1: 0.05, sparsityWeight: 0.5, sparsityTarget: 0.1 }, seed: 3 });
  const { checked } = checkGradients(model, tinyInput(5, 6, 1), 0);
  assert.equal(checked, 6 * 3 + 3 + 3 * 6 + 6);
});

test('contractive autoencoder: closed-form and autodiff Jacobian penalties have correct gradients', () => {
  const closed = buildModel('contractive', { inputShape: [6], options: { codeSize: 3, contractiveWeight: 0.5 }, seed: 4 });
  checkGradients(closed, tinyInput(5, 6, 2), 0);
  // A two-layer encoder has no closed form: the penalty goes through second-order autodiff.
  const general = buildModel('contractive', { inputShape: [5], options: { hidden: [3], codeSize: 2, hiddenActivation: 'tanh', contractiveWeight: 0.5 }, seed: 5 });
  checkGradients(general, tinyInput(4, 5, 3), 0);
});

test('VAE: reconstruction + beta * KL with the reparameterization trick has correct gradients', () => {
  const model = buildModel('vae', { inputShape: [6], options: { hidden: [4], latentSize: 2, beta: 2 }, seed: 6 });
  checkGradients(model, tinyInput(4, 6, 4), 9);
});

test('denoising and stacked (tied weights) autoencoders have correct gradients', () => {
  const denoising = buildModel('denoising', { inputShape: [6], options: { codeSize: 3, noise: 'salt-pepper', noiseLevel: 0.3, codeActivation: 'sigmoid' }, seed: 7 });
  checkGradients(denoising, tinyInput(4, 6, 5), 11);
  // Tied: each encoder kernel gets the gradient of both its uses.
  const tied = buildModel('stacked', { inputShape: [6], options: { hidden: [4], codeSize: 2, tiedWeights: true, hiddenActivation: 'tanh', codeActivation: 'tanh' }, seed: 8 });
  const { checked } = checkGradients(tied, tinyInput(4, 6, 6), 0);
  assert.equal(checked, 6 * 4 + 4 + 4 * 2 + 2 + 4 + 6, 'tied model: kernels counted once, plus all four biases');
});

test('penalty values match hand computation', () => {
  const code = tf.tensor2d([[0.1, 0.5], [0.3, 0.7]]);
  // L1: 0.01 * (0.1 + 0.5 + 0.3 + 0.7) / 2 samples.
  assert.ok(Math.abs(l1ActivityPenalty(code, 0.01).dataSync()[0]! - 0.008) < 1e-7);
  // KL: batch means 0.2 and 0.6 against rho 0.1, times beta 2.
  const kl = (q: number) => 0.1 * Math.log(0.1 / q) + 0.9 * Math.log(0.9 / (1 - q));
  assert.ok(Math.abs(klSparsityPenalty(code, 0.1, 2).dataSync()[0]! - 2 * (kl(0.2) + kl(0.6))) < 1e-5);
  // VAE KL of N(mu, exp(logvar)) vs N(0, 1): -0.5 * sum(1 + logvar - mu^2 - exp(logvar)), batch mean.
  const mu = tf.tensor2d([[1, 0], [0, -2]]);
  const logvar = tf.tensor2d([[0, Math.log(2)], [0, 0]]);
  const expected = (-0.5 * (1 + 0 - 1 - 1 + 1 + Math.log(2) - 0 - 2) + -0.5 * (1 - 1 + 1 - 4 - 1)) / 2;
  assert.ok(Math.abs(tf.mean(gaussianCode(mu, logvar, tf.zerosLike(mu)).kl).dataSync()[0]! - expected) < 1e-5);
  // Per-image reconstruction: the SUM over pixels of the BCE, averaged over images.
  const target = tf.tensor2d([[1, 0, 1], [0, 0, 1]]);
  const output = tf.tensor2d([[0.9, 0.2, 0.6], [0.1, 0.3, 0.8]]);
  const bce = (t: number, p: number) => -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
  const sum = (bce(1, 0.9) + bce(0, 0.2) + bce(1, 0.6) + bce(0, 0.1) + bce(0, 0.3) + bce(1, 0.8)) / 2;
  const spec = { name: 'vae', inputShape: [3], loss: 'bce' as const, options: {} };
  assert.ok(Math.abs(tf.mean(perImageReconstruction(spec, target, output)).dataSync()[0]! - sum) < 1e-5);
});
