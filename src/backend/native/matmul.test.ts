import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import { addon, onOneAndManyThreads, assertClose, assertSameAsCpu, randomValues, assertRegistered, SKIP, runOn, valueAndGrads, ENGINE } from '../../../testing/support/native.js';

assertRegistered();

// [m, k, n]: single rows/columns, odd sizes, N <= 4 (dot-product path), N <= 8 (half-width tile),
// sizes one off the register tiles (12/16 rows, 32 columns) and the transposing packs' 16x16
// blocks (K = 15, 17), and sizes past the depth block (256, so K = 257 and 700 take 2 and 3
// blocks) and the row block (192Ki floats of packed A: 983 rows of depth 200, so M = 1000 takes 2).
// N up to two column slivers reads A in place (last partial row tile packed), and B too when its
// rows are exactly one sliver wide (N = 16 or 32 with AVX-512, 8 or 16 with AVX2) or when at most
// four row tiles share a sliver (M <= 48 with AVX-512, 24 with AVX2): the dense 784-32-784
// autoencoder's shapes, 12/16/32/64 columns, one tile exactly, one row past a tile. Depths up to
// 4 with N > 4 take the row-by-row thin-depth path (the VAE's 128 x 2 x 512).
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 5], [5, 1, 9], [3, 17, 1], [40, 50, 3], [33, 20, 4], [70, 9, 8], [13, 31, 29], [48, 64, 33], [67, 5, 130], [200, 700, 45], [130, 333, 257],
  [11, 15, 31], [25, 17, 65], [128, 257, 47], [1000, 600, 20],
  [128, 784, 32], [784, 128, 32], [128, 32, 784], [37, 100, 16], [12, 5, 32], [13, 300, 32], [25, 300, 64], [17, 9, 12],
  [32, 128, 784], [20, 40, 100],
  [128, 2, 512], [7, 3, 40], [33, 4, 5], [9, 1, 70],
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
  // The epilogue is applied to each register tile as it is stored, after the last depth block:
  // full tiles and partial ones at the bottom and right edges (30 rows, 50 columns), a depth of
  // two blocks (1000 > 784: the last block adds to C's partial sums first), and large
  // pre-activations (sigmoid's saturated ends).
  const [wm, wk, wn] = [30, 1000, 50];
  const wa = randomValues(rng, wm * wk), wb = randomValues(rng, wk * wn, 0.5), wbias = randomValues(rng, wn);
  const wslopes = randomValues(rng, wn, 0.5);
  for (const activation of ['relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu', 'prelu'] as const) {
    await assertSameAsCpu(`fused ${activation} ${wm}x${wk}x${wn}`, () => tf.fused.matMul({
      a: tf.tensor(wa, [wm, wk]), b: tf.tensor(wb, [wk, wn]), bias: tf.tensor(wbias), activation, leakyreluAlpha: 0.1,
      preluActivationWeights: activation === 'prelu' ? tf.tensor(wslopes) : undefined,
    }), ['matmul']);
  }
  // The thin-depth path finishes each row as it is written (K = 2: the VAE's code into its decoder).
  const [tm, tk, tn] = [20, 2, 70];
  const ta = randomValues(rng, tm * tk, 3), tb = randomValues(rng, tk * tn, 3), tbias = randomValues(rng, tn);
  const tslopes = randomValues(rng, tn, 0.5);
  for (const activation of ['linear', 'relu', 'sigmoid', 'elu', 'prelu'] as const) {
    await assertSameAsCpu(`fused ${activation} ${tm}x${tk}x${tn}`, () => tf.fused.matMul({
      a: tf.tensor(ta, [tm, tk]), b: tf.tensor(tb, [tk, tn]), bias: tf.tensor(tbias), activation,
      preluActivationWeights: activation === 'prelu' ? tf.tensor(tslopes) : undefined,
    }), ['matmul']);
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
  // Batch-sized M splits the columns instead, here through the transposing B pack and 2 depth blocks.
  const ta = randomValues(rng, 128 * 300), tb = randomValues(rng, 200 * 300);
  const columnSplit = await onOneAndManyThreads(() => tf.matMul(tf.tensor(ta, [128, 300]), tf.tensor(tb, [200, 300]), false, true));
  assert.deepEqual(columnSplit.multi[0], columnSplit.single[0]);
  // The thin-depth path, split by columns too.
  const [za, zb] = [randomValues(rng, 128 * 2), randomValues(rng, 2 * 512)];
  const thin = await onOneAndManyThreads(() => tf.matMul(tf.tensor(za, [128, 2]), tf.tensor(zb, [2, 512])));
  assert.deepEqual(thin.multi[0], thin.single[0]);
  // Batch-sized M over one column sliver splits the rows in equal shares, with A read in place
  // (row-major, and transposed) and B packed (transposed) or in place.
  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true]] as [boolean, boolean][]) {
    const ra = randomValues(rng, 128 * 784), rb = randomValues(rng, 784 * 32);
    const rowSplit = await onOneAndManyThreads(() => tf.matMul(tf.tensor(ra, transposeA ? [784, 128] : [128, 784]),
      tf.tensor(rb, transposeB ? [32, 784] : [784, 32]), transposeA, transposeB));
    assert.deepEqual(rowSplit.multi[0], rowSplit.single[0], `128x784x32 tA=${transposeA} tB=${transposeB}`);
  }
  const isas = ['generic', 'avx2', 'avx512'];
  // Each instruction set has its own wide, narrow, half-width and dot-product tiles, and its own
  // vector width in the transposing packs (B with transposeB, A without transposeA).
  const cases: [number, number, number, boolean, boolean][] = [[300, 200, 250, false, false], [70, 9, 8, false, false],
    [40, 50, 3, false, false], [20, 30, 1, true, false], [25, 12, 16, true, false], [37, 275, 45, false, true], [30, 19, 12, true, true],
    [128, 300, 32, false, false], [50, 70, 32, true, false], [29, 40, 16, false, false], [26, 33, 8, true, false],
    [128, 2, 512, false, true], [40, 3, 37, true, false]];
  for (const [cm, ck, cn, transposeA, transposeB] of cases) {
    const ca = randomValues(rng, cm * ck), cb = randomValues(rng, ck * cn);
    const product = () => tf.matMul(tf.tensor(ca, transposeA ? [ck, cm] : [cm, ck]), tf.tensor(cb, transposeB ? [cn, ck] : [ck, cn]),
      transposeA, transposeB);
    const [reference] = await runOn('cpu', product);
    for (const isa of isas.slice(0, isas.indexOf(bestIsa) + 1)) {
      assert.ok(native.setIsa(isa), `setIsa(${isa})`);
      const [value] = await runOn(ENGINE, product);
      assertClose(value, reference, `isa ${isa} ${cm}x${ck}x${cn} tA=${transposeA} tB=${transposeB}`);
    }
  }
  native.setIsa(bestIsa);
});
