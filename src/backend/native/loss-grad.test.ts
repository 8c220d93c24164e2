import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import { assertRegistered, assertSameAsCpu, randomValues, SKIP, valueAndGrads } from './test-support.js';

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
  await tf.setBackend('native');
  const [p, q] = [tf.tensor(a, shape), tf.tensor(b, shape)];
  const info = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.mean(tf.squaredDifference(t, q)))(p));
  tf.dispose([p, q]);
  assert.ok(info.kernelNames.includes('AekitSquaredDifferenceGrad'), info.kernelNames.join(', '));
  for (const stockOnly of [tf.Sub, tf.OnesLike, tf.Fill]) {
    assert.ok(!info.kernelNames.includes(stockOnly), `native still ran ${stockOnly}: ${info.kernelNames.join(', ')}`);
  }
});
