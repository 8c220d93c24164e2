import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import { addon, assertSameAsCpu, onOneAndManyThreads, randomValues, runOn, assertRegistered, SKIP, valueAndGrads, ENGINE } from '../../../testing/support/native.js';
import { splitAxes } from './kernels/reduce.js';

assertRegistered();

test('unary kernels equal the cpu backend (incl. NaN and extreme inputs)', { skip: SKIP }, async () => {
  const rng = new Random(21);
  const values = randomValues(rng, 5003, 6);
  values.set([0, -0, NaN, 80, -80, 1e-20, -1e-20], 0);
  const positive = values.map((v) => Math.abs(v) + 1e-3);
  // log near 1 (cancellation), tiny, subnormal, huge, zero, negative and infinite inputs.
  const logInputs = Float32Array.from([...positive, 1, 1 + 1e-6, 1 - 1e-6, 0.7071, 1e-30, 1e-40, 3e38, 0, -1, Infinity, NaN]);
  const ops: [string, (t: tf.Tensor) => tf.Tensor, Float32Array][] = [
    ['neg', tf.neg, values], ['square', tf.square, values], ['sqrt', tf.sqrt, positive], ['rsqrt', tf.rsqrt, positive],
    ['exp', tf.exp, values], ['log', tf.log, logInputs], ['abs', tf.abs, values], ['relu', tf.relu, values],
    ['relu6', tf.relu6, values], ['sigmoid', tf.sigmoid, values], ['tanh', tf.tanh, values],
    ['reciprocal', tf.reciprocal, positive], ['step', (t) => tf.step(t, 0.3), values],
    ['leakyRelu', (t) => tf.leakyRelu(t, 0.1), values], ['elu', tf.elu, values],
  ];
  for (const [name, op, input] of ops) {
    await assertSameAsCpu(name, () => op(tf.tensor(input)), ['unary']);
  }
});

test('binary kernels broadcast like the cpu backend', { skip: SKIP }, async () => {
  const rng = new Random(22);
  const shapes: [number[], number[]][] = [
    [[40, 30], [40, 30]], [[40, 30], []], [[], [40, 30]], [[40, 30], [30]], [[40, 30], [1, 30]], [[40, 30], [40, 1]],
    [[40, 1], [1, 30]], [[2, 3, 4, 5], [3, 1, 5]], [[6, 1, 4], [6, 5, 1]], [[300, 200], [200]], [[1], [7]],
    // A short vector repeated over many rows, either side, over several threads and a partial last block.
    [[30], [40, 30]], [[5000, 7], [7]], [[1, 7], [5000, 7]], [[64, 24, 24, 8], [1, 1, 1, 8]],
  ];
  const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['add', tf.add], ['sub', tf.sub], ['mul', tf.mul], ['div', tf.div], ['maximum', tf.maximum],
    ['minimum', tf.minimum], ['squaredDifference', tf.squaredDifference],
  ];
  for (const [sa, sb] of shapes) {
    const a = randomValues(rng, sa.reduce((p, d) => p * d, 1));
    const b = randomValues(rng, sb.reduce((p, d) => p * d, 1)).map((v) => v + (v < 0 ? -0.5 : 0.5));
    for (const [name, op] of ops) {
      await assertSameAsCpu(`${name} ${JSON.stringify(sa)} ${JSON.stringify(sb)}`, () => op(tf.tensor(a, sa), tf.tensor(b, sb)), ['binary']);
    }
  }
  const x = randomValues(rng, 60), alpha = randomValues(rng, 6);
  await assertSameAsCpu('prelu', () => tf.prelu(tf.tensor(x, [10, 6]), tf.tensor(alpha)), ['binary']);
});

test('reductions over leading, trailing, middle and all axes', { skip: SKIP }, async () => {
  const rng = new Random(23);
  const x = randomValues(rng, 4 * 5 * 6 * 7);
  const axesList: (number | number[] | undefined)[] = [undefined, 0, 3, [1, 2], [0, 1, 2], [2, 3], -1, [0, 2]];
  for (const axis of axesList) {
    for (const keepDims of [false, true]) {
      const label = `axis ${JSON.stringify(axis)} keepDims=${keepDims}`;
      const contiguous = axis === undefined || splitAxes([4, 5, 6, 7], tf.util.parseAxisParam(axis, [4, 5, 6, 7])) !== null;
      const expect = contiguous ? ['reduce' as const] : [];
      const t = () => tf.tensor(x, [4, 5, 6, 7]);
      await assertSameAsCpu(`sum ${label}`, () => tf.sum(t(), axis, keepDims), expect);
      await assertSameAsCpu(`mean ${label}`, () => tf.mean(t(), axis, keepDims), expect);
      await assertSameAsCpu(`max ${label}`, () => tf.max(t(), axis, keepDims), expect);
      await assertSameAsCpu(`min ${label}`, () => tf.min(t(), axis, keepDims), expect);
    }
  }
});

test('a long column sum (bias gradient) equals the cpu backend', { skip: SKIP }, async () => {
  const x = randomValues(new Random(34), 40000 * 3);
  await assertSameAsCpu('column sum', () => tf.sum(tf.tensor(x, [100, 400, 3]), [0, 1]), ['reduce']);
  await assertSameAsCpu('column mean', () => tf.mean(tf.tensor(x, [40000, 3]), 0), ['reduce']);
});

test('splitAxes views consecutive axes as [outer, reduced, inner] and rejects gaps', { skip: SKIP }, () => {
  assert.deepEqual(splitAxes([2, 3, 4, 5], [1, 2]), [2, 12, 5]);
  assert.deepEqual(splitAxes([2, 3, 4, 5], [0]), [1, 2, 60]);
  assert.deepEqual(splitAxes([2, 3, 4, 5], [3]), [24, 5, 1]);
  assert.equal(splitAxes([2, 3, 4, 5], [0, 2]), null);
});

test('slice and pad (crop/zero-padding layers and their gradients) equal the cpu backend', { skip: SKIP }, async () => {
  const rng = new Random(24);
  const x = randomValues(rng, 3 * 9 * 8 * 2);
  const input = () => tf.tensor(x, [3, 9, 8, 2]);
  await assertSameAsCpu('crop', () => valueAndGrads(25, (t) => tf.slice(t, [0, 2, 1, 0], [3, 5, 6, 2]), [input()]), ['slice', 'pad']);
  await assertSameAsCpu('channel slice', () => tf.slice(input(), [1, 0, 0, 1], [2, -1, -1, 1]), ['slice']);
  await assertSameAsCpu('zero padding', () => valueAndGrads(26, (t) => tf.pad(t, [[0, 0], [2, 1], [0, 3], [0, 0]]), [input()]), ['pad', 'slice']);
  await assertSameAsCpu('constant padding', () => tf.pad(tf.tensor(x.subarray(0, 30), [5, 6]), [[1, 2], [3, 0]], 1.5), ['pad']);
});

test('comparisons, select, tile and batch normalisation equal the cpu backend', { skip: SKIP }, async () => {
  const rng = new Random(27);
  // Rounded values make equal pairs common, so >= / <= / == are really tested.
  const a = randomValues(rng, 6 * 5 * 4).map((v) => Math.round(v * 3));
  const b = randomValues(rng, 5 * 4).map((v) => Math.round(v * 3));
  const ops: [string, (p: tf.Tensor, q: tf.Tensor) => tf.Tensor][] = [
    ['greater', tf.greater], ['greaterEqual', tf.greaterEqual], ['less', tf.less], ['lessEqual', tf.lessEqual],
    ['equal', tf.equal], ['notEqual', tf.notEqual],
  ];
  for (const [name, op] of ops) {
    await assertSameAsCpu(name, () => tf.cast(op(tf.tensor(a, [6, 5, 4]), tf.tensor(b, [5, 4])), 'float32'), ['compare']);
    await assertSameAsCpu(`${name} scalar`, () => tf.cast(op(tf.tensor(a, [6, 5, 4]), tf.scalar(0)), 'float32'), ['compare']);
  }
  await assertSameAsCpu('select', () => tf.where(tf.greater(tf.tensor(a, [6, 5, 4]), 0), tf.tensor(a, [6, 5, 4]), tf.mul(tf.tensor(a, [6, 5, 4]), 0.2)), ['select']);
  await assertSameAsCpu('tile', () => tf.tile(tf.tensor(b, [1, 5, 4]), [3, 2, 2]), ['tile']);
  await assertSameAsCpu('tile rows', () => tf.tile(tf.tensor(b.subarray(0, 4), [1, 1, 1, 4]), [2, 3, 5, 1]), ['tile']);
  // A column spread along rows (the gradient of a per-sample sum): a fill per row, here with
  // enough rows to run in parallel.
  const column = randomValues(rng, 200);
  await assertSameAsCpu('tile a column', () => tf.tile(tf.tensor(column, [200, 1]), [1, 300]), ['tile']);
  await assertSameAsCpu('tile a column, twice over', () => tf.tile(tf.tensor(column.subarray(0, 20), [2, 10, 1]), [2, 1, 7]), ['tile']);
  const x = randomValues(rng, 3 * 4 * 4 * 5);
  const stats = [randomValues(rng, 5), randomValues(rng, 5).map((v) => v * v + 0.1), randomValues(rng, 5), randomValues(rng, 5)];
  await assertSameAsCpu('batchNorm values and gradients', () => valueAndGrads(28, (xt, m, v, o, s) =>
    tf.batchNorm(xt, m, v, o, s, 1e-3), [tf.tensor(x, [3, 4, 4, 5]), ...stats.map((t) => tf.tensor(t))]), ['affineColumns', 'tile']);
  await assertSameAsCpu('batchNorm without offset and scale', () => tf.batchNorm(tf.tensor(x, [3, 4, 4, 5]), tf.tensor(stats[0]), tf.tensor(stats[1])), ['affineColumns']);
});

test('LeakyReLU value and gradient (one fused kernel on native) equal the cpu backend', { skip: SKIP }, async () => {
  const rng = new Random(29);
  const x = randomValues(rng, 4 * 6 * 6 * 3);
  x.set([0, -0, 1e-30, -1e-30], 0);
  await assertSameAsCpu('leakyRelu grads', () => valueAndGrads(30, (t) => tf.leakyRelu(t, 0.2), [tf.tensor(x, [4, 6, 6, 3])]), ['leakyReluGrad', 'unary']);
});

test('clipping (value and gradient: LogicalAnd of two comparisons) equals the cpu backend', { skip: SKIP }, async () => {
  assertRegistered();
  const rng = new Random(31);
  // Values on both bounds, inside, outside, and a NaN (passes through, gradient 0 like cpu).
  const x = randomValues(rng, 64).map((v, i) => (i % 9 === 0 ? 0.5 : i % 11 === 0 ? -0.5 : v));
  x[3] = Number.NaN;
  const [value, grad] = await runOn(ENGINE, () => valueAndGrads(5, (t) => tf.clipByValue(t, -0.5, 0.5), [tf.tensor(x, [8, 8])]));
  const [cpuValue, cpuGrad] = await runOn('cpu', () => valueAndGrads(5, (t) => tf.clipByValue(t, -0.5, 0.5), [tf.tensor(x, [8, 8])]));
  assert.deepEqual(value, cpuValue);
  assert.deepEqual(grad, cpuGrad);
  // The gradient is the upstream one inside [min, max] (bounds included) and 0 outside.
  assert.ok(grad!.some((g) => g === 0) && grad!.some((g) => g !== 0));
  const [and] = await runOn(ENGINE, () => tf.cast(tf.logicalAnd(tf.tensor([1, 1, 0, 0], [4], 'bool'), tf.tensor([1, 0, 1, 0], [4], 'bool')), 'float32'));
  assert.deepEqual(Array.from(and!), [1, 0, 0, 0]);
});

test('a bool or int32 tensor cast to float32 feeds later kernels natively (a CD-1 sample mask)', { skip: SKIP }, async () => {
  const rng = new Random(33);
  const p = randomValues(rng, 40 * 30).map((v) => Math.abs(v) % 1);
  const u = randomValues(rng, 40 * 30).map((v) => Math.abs(v * 7) % 1);
  const w = randomValues(rng, 30 * 20);
  // The cpu Cast shares the Uint8Array of the comparison; the native one copies it to floats,
  // so the matMul and multiply below must run in the addon, with the cpu backend's values.
  await assertSameAsCpu('matMul of a cast mask', () => tf.matMul(tf.cast(tf.less(tf.tensor(u, [40, 30]), tf.tensor(p, [40, 30])), 'float32'), tf.tensor(w, [30, 20])), ['matmul']);
  await assertSameAsCpu('int32 cast times floats', () => tf.mul(tf.cast(tf.tensor([3, -2, 0, 7], [4], 'int32'), 'float32'), tf.tensor([0.5, 0.25, 2, -1])), ['binary']);
});

test('sigmoid is within 1e-6 relative on every instruction set, the same on any thread count', { skip: SKIP }, async () => {
  // Near 0, moderate, large |x| down to where 1/(1 + e^-x) is still a normal float (x > -87.3),
  // past both ends of exp's clamp, infinities and NaN; 4099 values so the last vector is partial.
  const x = new Float32Array(4099);
  for (let i = 0; i < x.length; i++) x[i] = -87 + (174 * i) / (x.length - 1);
  x.set([0, -0, 1e-30, -1e-30, 1e-7, -1e-7, 0.5, -0.5, 20, -20, 87, -87, 88.5, 100, 1e30, Infinity], 0);
  const extremes = [-100, -1e30, -Infinity, NaN];
  x.set(extremes, x.length - extremes.length);
  const native = addon();
  const { bestIsa } = native.info();
  const isas = ['generic', 'avx2', 'avx512'];
  try {
    for (const isa of isas.slice(0, isas.indexOf(bestIsa) + 1)) {
      assert.ok(native.setIsa(isa), `setIsa(${isa})`);
      const [y] = await runOn(ENGINE, () => tf.sigmoid(tf.tensor(x)));
      for (let i = 0; i < x.length - extremes.length; i++) {
        const exact = 1 / (1 + Math.exp(-x[i]!));
        const error = Math.abs(y![i]! - exact) / exact;
        assert.ok(error <= 1e-6, `${isa}: sigmoid(${x[i]}) = ${y![i]}, expected ${exact} (relative error ${error})`);
      }
      // Below -87.3 exp's argument is clamped: the result is about the smallest normal float or
      // less (the exact value is subnormal or 0).
      for (let i = x.length - extremes.length; i < x.length - 1; i++) {
        assert.ok(y![i]! >= 0 && y![i]! < 1.3e-38, `${isa}: sigmoid(${x[i]}) = ${y![i]}`);
      }
      assert.ok(Number.isNaN(y![x.length - 1]), `${isa}: sigmoid(NaN) = ${y![x.length - 1]}`);
    }
  } finally {
    native.setIsa(bestIsa);
  }
  // Chunks split among threads end anywhere; every element goes through the same vector code.
  const big = randomValues(new Random(34), 200003, 10);
  const { single: [single], multi: [multi] } = await onOneAndManyThreads(() => tf.sigmoid(tf.tensor(big)));
  assert.deepEqual(multi, single);
});

test('affineColumns names itself and the sizes when the row width does not divide the length', { skip: SKIP }, () => {
  const x = new Float32Array(10), y = new Float32Array(10), scale = new Float32Array(4), shift = new Float32Array(4);
  assert.throws(() => addon().affineColumns(x, scale, shift, y, 4), /affineColumns: length 10 is not a multiple of columns 4/);
  assert.throws(() => addon().affineColumns(x, scale, shift, y, 0), /affineColumns: length 10 is not a multiple of columns 0/);
});
