import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import { MEAN_SQUARED_ERROR, MEAN_SQUARED_ERROR_GRAD, meanSquaredError } from '../mean-squared-error.js';
import { assertRegistered, assertSameAsCpu, onOneAndManyThreads, randomValues, SKIP, valueAndGrads, ENGINE } from '../../../testing/support/native.js';

assertRegistered();

test('mean squared error gradients: fused on native, equal to tfjs on cpu (several axes)', { skip: SKIP }, async () => {
  const rng = new Random(61);
  const shape = [5, 6, 7];
  const a = randomValues(rng, 5 * 6 * 7), b = randomValues(rng, 5 * 6 * 7);
  const cases: [string, (p: tf.Tensor, q: tf.Tensor) => tf.Tensor, Float32Array, number[]][] = [
    ['mean of all', (p, q) => tf.mean(tf.squaredDifference(p, q)), b, shape],
    ['mean over axis 1', (p, q) => tf.mean(tf.squaredDifference(p, q), 1), b, shape],
    ['mean over axes 0 and 2, kept', (p, q) => tf.mean(tf.squaredDifference(p, q), [0, 2], true), b, shape],
  ];
  for (const [label, f, second, secondShape] of cases) {
    await assertSameAsCpu(label, () => valueAndGrads(62, f, [tf.tensor(a, shape), tf.tensor(second, secondShape)]));
  }
  await tf.setBackend(ENGINE);
  const [p, q] = [tf.tensor(a, shape), tf.tensor(b, shape)];
  const info = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.mean(tf.squaredDifference(t, q)))(p));
  tf.dispose([p, q]);
  assert.ok(info.kernelNames.includes('AekitSquaredDifferenceGrad'), info.kernelNames.join(', '));
  for (const stockOnly of [tf.Sub, tf.OnesLike, tf.Fill]) {
    assert.ok(!info.kernelNames.includes(stockOnly), `native still ran ${stockOnly}: ${info.kernelNames.join(', ')}`);
  }
});

test('sum gradients: tiled on native, equal to tfjs on cpu (all axes, one axis, kept axes)', { skip: SKIP }, async () => {
  const rng = new Random(66);
  const shape = [5, 6, 7];
  const a = randomValues(rng, 5 * 6 * 7), b = randomValues(rng, 5 * 6 * 7);
  const cases: [string, (p: tf.Tensor, q: tf.Tensor) => tf.Tensor][] = [
    ['sum of all', (p, q) => tf.sum(tf.mul(p, q))],
    ['sum over the last axis (the VAE\'s per-image sums)', (p, q) => tf.sum(tf.mul(p, q), 2)],
    ['sum over axes 0 and 2, kept', (p, q) => tf.sum(tf.mul(p, q), [0, 2], true)],
  ];
  for (const [label, f] of cases) {
    await assertSameAsCpu(label, () => valueAndGrads(67, f, [tf.tensor(a, shape), tf.tensor(b, shape)]));
  }
  await tf.setBackend(ENGINE);
  const x = tf.tensor(a, [30, 7]);
  const info = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(t, 1))(x));
  x.dispose();
  assert.ok(info.kernelNames.includes(tf.Tile), info.kernelNames.join(', '));
  for (const stockOnly of [tf.Multiply, tf.Fill]) {
    assert.ok(!info.kernelNames.includes(stockOnly), `native still ran ${stockOnly}: ${info.kernelNames.join(', ')}`);
  }
});

test('the fused mean squared error: value and both gradients equal tfjs\'s composition on cpu, in two kernels', { skip: SKIP }, async () => {
  const rng = new Random(63);
  // 3 x 40 x 1000 elements: several parallel parts; odd sizes; and a one-element batch.
  for (const shape of [[3, 40, 1000], [7, 13], [1, 1]]) {
    const size = shape.reduce((x, y) => x * y, 1);
    const a = randomValues(rng, size), b = randomValues(rng, size);
    // valueAndGrads multiplies the loss by a random cotangent, so dy != 1 is exercised too.
    await assertSameAsCpu(`mse of [${shape.join(', ')}]`, () =>
      valueAndGrads(64, (p, q) => meanSquaredError(p, q), [tf.tensor(a, shape), tf.tensor(b, shape)]));
  }
  await tf.setBackend(ENGINE);
  const [p, q] = [tf.tensor(randomValues(rng, 600), [20, 30]), tf.tensor(randomValues(rng, 600), [20, 30])];
  const info = await tf.profile(() => tf.grad((t: tf.Tensor) => meanSquaredError(q, t))(p));
  tf.dispose([p, q]);
  // Identity is tf.grad's own copy of its input; every other kernel is ours.
  assert.deepEqual(info.kernelNames.filter((k) => k !== tf.Identity), [MEAN_SQUARED_ERROR, MEAN_SQUARED_ERROR_GRAD]);
});

test('the fused mean squared error is the same on one and many threads', { skip: SKIP }, async () => {
  const rng = new Random(65);
  const a = randomValues(rng, 300_000), b = randomValues(rng, 300_000);
  const { single, multi } = await onOneAndManyThreads(() => meanSquaredError(tf.tensor(a), tf.tensor(b)));
  assert.equal(single[0]![0], multi[0]![0]);
  let expected = 0;
  for (let i = 0; i < a.length; i++) expected += (a[i]! - b[i]!) ** 2;
  expected /= a.length;
  assert.ok(Math.abs(single[0]![0]! - expected) < 1e-6 * expected, `${single[0]![0]} vs ${expected}`);
});
