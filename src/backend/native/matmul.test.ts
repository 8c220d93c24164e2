import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import { addon, onOneAndManyThreads, assertClose, assertSameAsCpu, randomValues, assertRegistered, SKIP, runOn, valueAndGrads } from './test-support.js';

assertRegistered();

// [m, k, n]: single rows/columns, odd sizes, N <= 4 (dot-product path), N <= 8 (half-width tile),
// and sizes past the K (320) and M (192) cache blocks.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 5], [5, 1, 9], [3, 17, 1], [40, 50, 3], [33, 20, 4], [70, 9, 8], [13, 31, 29], [48, 64, 33], [67, 5, 130], [200, 700, 45], [130, 333, 257],
];

test('matMul equals the cpu backend for every transpose combination and odd shapes', { skip: SKIP }, async () => {
  const rng = new Random(1);
  for (const [m, k, n] of SHAPES) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const a = randomValues(rng, m * k), b = randomValues(rng, k * n);
        await assertSameAsCpu(`matMul ${m}x${k}x${n} tA=${transposeA} tB=${transposeB}`, () =>
          tf.matMul(tf.tensor(a, transposeA ? [k, m] : [m, k]), tf.tensor(b, transposeB ? [n, k] : [k, n]), transposeA, transposeB), ['matmul']);
      }
    }
  }
});

test('batched matMul, including a batch of one broadcast against many', { skip: SKIP }, async () => {
  const rng = new Random(2);
  const a = randomValues(rng, 3 * 4 * 6), b = randomValues(rng, 3 * 6 * 5), b1 = randomValues(rng, 6 * 5);
  await assertSameAsCpu('batch 3', () => tf.matMul(tf.tensor(a, [3, 4, 6]), tf.tensor(b, [3, 6, 5])), ['matmul']);
  await assertSameAsCpu('batch 3 x 1', () => tf.matMul(tf.tensor(a, [3, 4, 6]), tf.tensor(b1, [1, 6, 5])), ['matmul']);
  await assertSameAsCpu('batch 3 transposed', () => tf.matMul(tf.tensor(a, [3, 6, 4]), tf.tensor(b, [3, 5, 6]), true, true), ['matmul']);
});

test('fused matMul: bias and every activation, values and gradients', { skip: SKIP }, async () => {
  const rng = new Random(3);
  const [m, k, n] = [9, 21, 13];
  const a = randomValues(rng, m * k), b = randomValues(rng, k * n), bias = randomValues(rng, n);
  const slopes = randomValues(rng, n, 0.5);
  for (const activation of ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu', 'prelu'] as const) {
    for (const transposeB of [false, true]) {
      await assertSameAsCpu(`fused ${activation} tB=${transposeB}`, () =>
        valueAndGrads(4, (x, w, c) => tf.fused.matMul({
          a: x, b: w, bias: c, activation, transposeB, leakyreluAlpha: 0.1,
          preluActivationWeights: activation === 'prelu' ? tf.tensor(slopes) : undefined,
        }), [tf.tensor(a, [m, k]), tf.tensor(b, transposeB ? [n, k] : [k, n]), tf.tensor(bias)]), ['matmul', 'reduce']);
    }
  }
  // A scalar bias broadcasts to every column.
  await assertSameAsCpu('fused scalar bias', () =>
    tf.fused.matMul({ a: tf.tensor(a, [m, k]), b: tf.tensor(b, [k, n]), bias: tf.scalar(0.5), activation: 'relu' }), ['matmul']);
});

test('a dense layer pair: gradients of an MSE loss match the cpu backend', { skip: SKIP }, async () => {
  const rng = new Random(5);
  const x = randomValues(rng, 16 * 40), w1 = randomValues(rng, 40 * 24, 0.3), w2 = randomValues(rng, 24 * 40, 0.3);
  const b1 = randomValues(rng, 24, 0.1), b2 = randomValues(rng, 40, 0.1);
  const vars = () => [tf.tensor(w1, [40, 24]), tf.tensor(b1), tf.tensor(w2, [24, 40]), tf.tensor(b2)];
  await assertSameAsCpu('dense autoencoder gradients', () => {
    const input = tf.tensor(x, [16, 40]);
    const loss = (p: tf.Tensor, q: tf.Tensor, r: tf.Tensor, s: tf.Tensor) => {
      const h = tf.relu(tf.add(tf.matMul(input, p), q));
      const out = tf.sigmoid(tf.add(tf.matMul(h, r), s));
      return tf.losses.meanSquaredError(input, out) as tf.Scalar;
    };
    const { value, grads } = tf.valueAndGrads(loss)(vars());
    return [value, ...grads];
  }, ['matmul', 'binary', 'unary', 'reduce']);
});

test('multi-threaded GEMM equals single-threaded and every instruction set agrees', { skip: SKIP }, async () => {
  const rng = new Random(6);
  const [m, k, n] = [300, 200, 250];
  const a = randomValues(rng, m * k), b = randomValues(rng, k * n);
  const run = () => tf.matMul(tf.tensor(a, [m, k]), tf.tensor(b, [k, n]));
  const native = addon();
  const { bestIsa } = native.info();
  const { single: [single], multi: [multi] } = await onOneAndManyThreads(run);
  // Threads split the output, never a sum, so the arithmetic is the same: exact equality.
  assert.deepEqual(multi, single);
  const isas = ['generic', 'avx2', 'avx512'];
  // Each instruction set has its own wide, narrow, half-width and dot-product tiles.
  const cases: [number, number, number, boolean][] = [[300, 200, 250, false], [70, 9, 8, false], [40, 50, 3, false], [20, 30, 1, true], [25, 12, 16, true]];
  for (const [cm, ck, cn, transposeA] of cases) {
    const ca = randomValues(rng, cm * ck), cb = randomValues(rng, ck * cn);
    const product = () => tf.matMul(tf.tensor(ca, transposeA ? [ck, cm] : [cm, ck]), tf.tensor(cb, [ck, cn]), transposeA);
    const [reference] = await runOn('cpu', product);
    for (const isa of isas.slice(0, isas.indexOf(bestIsa) + 1)) {
      assert.ok(native.setIsa(isa), `setIsa(${isa})`);
      const [value] = await runOn('native', product);
      assertClose(value, reference, `isa ${isa} ${cm}x${ck}x${cn} tA=${transposeA}`);
    }
  }
  native.setIsa(bestIsa);
});
