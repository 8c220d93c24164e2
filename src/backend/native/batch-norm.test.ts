import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import { batchNormTraining, hasFusedBatchNormTraining } from '../batch-norm-training.js';
import { addon, onOneAndManyThreads, assertClose, assertRegistered, assertSameAsCpu, randomValues, runOn, SKIP, valueAndGrads, ENGINE } from '../../../testing/support/native.js';

assertRegistered();

const EPSILON = 1e-3;

/**
 * Fused on native; on cpu, tfjs' own composition (what tfjs-layers' BatchNormalization runs in
 * training): tf.moments over every axis but the last, then tf.batchNorm.
 */
function normalize(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor[] {
  if (hasFusedBatchNormTraining()) {
    const { y, mean, variance } = batchNormTraining(x, gamma as tf.Tensor1D, beta as tf.Tensor1D, EPSILON);
    return [y, mean, variance];
  }
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return [tf.batchNorm(x, mean, variance, beta as tf.Tensor1D, gamma as tf.Tensor1D, EPSILON), mean, variance];
}

// Rank 2 and 4, one channel, odd sizes, batch 1 with several positions, a single row (variance
// 0), and one large enough to be split into parallel parts.
const SHAPES: number[][] = [
  [5, 3], [7, 1], [1, 4], [2, 3, 5, 4], [1, 4, 3, 2], [3, 6, 5, 1], [2, 7, 5, 3], [16, 14, 14, 16], [9, 28, 28, 1],
];

/** Inputs of one case: x away from zero mean, gamma and beta away from their 1 and 0. */
function inputs(rng: Random, shape: number[], offset: number): { x: Float32Array; gamma: Float32Array; beta: Float32Array } {
  const c = shape[shape.length - 1];
  const x = randomValues(rng, shape.reduce((a, b) => a * b, 1), 2).map((v) => v + offset);
  return { x, gamma: randomValues(rng, c).map((v) => v + 1.5), beta: randomValues(rng, c) };
}

// Tolerance: assertClose's 1e-4 of (|expected| + rms(expected)). The backward pass subtracts
// sums of up to ~50k products (N*dy - dbeta - xhat*dgamma), whose float rounding in the
// reference (and summation order in ours) moves results by ~1e-6 of the scale; a wrong term or
// index is off by the order of the values.
test('values, batch statistics and gradients (x, gamma, beta) equal tfjs moments + batchNorm on cpu', { skip: SKIP }, async () => {
  const rng = new Random(31);
  for (const shape of SHAPES) {
    const { x, gamma, beta } = inputs(rng, shape, 0.7);
    const c = shape[shape.length - 1];
    const make = () => [tf.tensor(x, shape), tf.tensor(gamma, [c]), tf.tensor(beta, [c])];
    // The output alone, as a layer uses it (the statistics get zero gradients).
    await assertSameAsCpu(`y of [${shape}]`, () => valueAndGrads(32, (...t) => normalize(t[0], t[1], t[2])[0], make()),
      ['batchNormTraining', 'batchNormTrainingGrad']);
    // Every output in the loss: exercises the gradient paths through the mean and the variance.
    await assertSameAsCpu(`y, mean, variance of [${shape}]`, () => valueAndGrads(33, (...t) =>
      tf.concat(normalize(t[0], t[1], t[2]).map((o) => tf.reshape(o, [-1]))), make()),
    ['batchNormTraining', 'batchNormTrainingGrad']);
  }
});

test('statistics stay exact for data far from zero (mean 1000 x its spread)', { skip: SKIP }, async () => {
  // A naive one-pass sum of squares in float would lose the variance entirely here.
  const x = new Float32Array(4096).map((_, i) => 1000 + ((i * 7919) % 13) / 13);
  const [, mean, variance] = await runOn(ENGINE, () => normalize(tf.tensor(x, [4096, 1]), tf.ones([1]), tf.zeros([1])));
  let m = 0, v = 0;
  for (const value of x) m += value / x.length;
  for (const value of x) v += (value - m) ** 2 / x.length;
  assertClose(mean, Float32Array.of(m), 'mean', 1e-7);
  assertClose(variance, Float32Array.of(v), 'variance', 1e-5);
});

test('the addon kernels on a hand-computed case', { skip: SKIP }, () => {
  // Channel 0: 1, 2, 3, 4 (mean 2.5, variance 1.25); channel 1: 5, 5, 5, 5 (variance 0).
  const x = Float32Array.of(1, 5, 2, 5, 3, 5, 4, 5), gamma = Float32Array.of(2, 3), beta = Float32Array.of(0.5, -1);
  const y = new Float32Array(8), mean = new Float32Array(2), variance = new Float32Array(2);
  addon().batchNormTraining(x, gamma, beta, y, mean, variance, 2, 0.25);
  assert.deepEqual(Array.from(mean), [2.5, 5]);
  assert.deepEqual(Array.from(variance), [1.25, 0]);
  // invstd = 1/sqrt(1.25 + 0.25); channel 1 is beta everywhere.
  const inv = 1 / Math.sqrt(1.5);
  assertClose(y, Float32Array.from([1, 5, 2, 5, 3, 5, 4, 5].map((v, i) => (i % 2 ? -1 : (v - 2.5) * inv * 2 + 0.5))), 'y', 1e-6);
  // dy = 1 everywhere: dbeta = 4, dgamma = sum(xhat) = 0, so dx = 0.
  const dx = new Float32Array(8), dgamma = new Float32Array(2), dbeta = new Float32Array(2);
  addon().batchNormTrainingGrad(new Float32Array(8).fill(1), x, mean, variance, gamma, new Float32Array(2), new Float32Array(2),
    dx, dgamma, dbeta, 2, 0.25);
  assert.deepEqual(Array.from(dbeta), [4, 4]);
  assertClose(dgamma, Float32Array.of(0, 0), 'dgamma', 1e-6);
  assertClose(dx, new Float32Array(8), 'dx', 1e-6);
  assert.throws(() => addon().batchNormTraining(x, gamma, beta, y, mean, variance, 3, 0.25), /not a multiple of channels 3/);
});

test('thread count does not change the result (fixed partition of the sums)', { skip: SKIP }, async () => {
  const rng = new Random(34);
  const { x, gamma, beta } = inputs(rng, [32, 14, 14, 16], -0.3);
  const run = () => valueAndGrads(35, (...t) => normalize(t[0], t[1], t[2])[0],
    [tf.tensor(x, [32, 14, 14, 16]), tf.tensor(gamma), tf.tensor(beta)]);
  const { single, multi } = await onOneAndManyThreads(run);
  single.forEach((s, i) => assert.deepEqual(multi[i], s, `output ${i}`));
});

test('availability and clear errors', { skip: SKIP }, async () => {
  assert.equal(hasFusedBatchNormTraining('cpu'), false);
  assert.equal(hasFusedBatchNormTraining(ENGINE), true);
  await tf.setBackend('cpu');
  assert.throws(() => batchNormTraining(tf.ones([2, 3]), tf.ones([3]), tf.zeros([3]), EPSILON), /backend 'cpu' has no 'AekitBatchNormTraining' kernel/);
  await tf.setBackend(ENGINE);
  assert.throws(() => batchNormTraining(tf.ones([2, 3]), tf.ones([4]), tf.zeros([3]), EPSILON), /gamma must be float32 of shape \[3\].*found float32 of shape \[4\]/);
  assert.throws(() => batchNormTraining(tf.ones([2, 3]), tf.ones([3]), tf.zeros([3]), -1), /epsilon must be a number >= 0, found -1/);
});
