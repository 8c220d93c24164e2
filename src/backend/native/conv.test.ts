import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import { addon, onOneAndManyThreads, assertClose, assertSameAsCpu, randomValues, assertRegistered, SKIP, runOn, valueAndGrads, nativeCalls, ENGINE } from '../../../testing/support/native.js';

assertRegistered();

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase { batch: number; h: number; w: number; cin: number; cout: number; kh: number; kw: number;
  stride: number; pad: Pad; dilation: number }

const CASES: ConvCase[] = [
  { batch: 2, h: 7, w: 7, cin: 1, cout: 8, kh: 3, kw: 3, stride: 1, pad: 'same', dilation: 1 },
  { batch: 2, h: 6, w: 5, cin: 1, cout: 16, kh: 3, kw: 2, stride: 1, pad: 'valid', dilation: 1 },
  { batch: 2, h: 6, w: 7, cin: 1, cout: 3, kh: 3, kw: 2, stride: 1, pad: [[0, 0], [1, 2], [2, 0], [0, 0]], dilation: 1 },
  { batch: 1, h: 6, w: 9, cin: 3, cout: 5, kh: 3, kw: 3, stride: 1, pad: 'valid', dilation: 1 },
  { batch: 3, h: 9, w: 8, cin: 4, cout: 1, kh: 5, kw: 3, stride: 2, pad: 'same', dilation: 1 },
  { batch: 2, h: 8, w: 7, cin: 2, cout: 3, kh: 2, kw: 2, stride: 2, pad: 'valid', dilation: 1 },
  { batch: 1, h: 10, w: 9, cin: 3, cout: 4, kh: 3, kw: 3, stride: 1, pad: 'same', dilation: 2 },
  { batch: 2, h: 6, w: 7, cin: 2, cout: 3, kh: 3, kw: 2, stride: 1, pad: [[0, 0], [1, 2], [2, 0], [0, 0]], dilation: 1 },
  { batch: 2, h: 7, w: 6, cin: 3, cout: 2, kh: 3, kw: 3, stride: 2, pad: [[0, 0], [0, 1], [1, 1], [0, 0]], dilation: 1 },
  { batch: 2, h: 5, w: 5, cin: 16, cout: 16, kh: 1, kw: 1, stride: 1, pad: 'valid', dilation: 1 },
  { batch: 3, h: 16, w: 16, cin: 16, cout: 8, kh: 3, kw: 3, stride: 1, pad: 'same', dilation: 1 },
  // One output channel at unit stride: the pixel-vector kernel (dilated, and 1 -> 1 'valid').
  { batch: 2, h: 9, w: 10, cin: 5, cout: 1, kh: 3, kw: 3, stride: 1, pad: 'same', dilation: 2 },
  { batch: 1, h: 5, w: 4, cin: 1, cout: 1, kh: 2, kw: 3, stride: 1, pad: 'valid', dilation: 1 },
];

function describe(c: ConvCase): string {
  return `conv ${c.batch}x${c.h}x${c.w}x${c.cin} -> ${c.cout} k${c.kh}x${c.kw} s${c.stride} d${c.dilation} pad ${JSON.stringify(c.pad)}`;
}

test('conv2d values and both gradients equal the cpu backend', { skip: SKIP }, async () => {
  const rng = new Random(11);
  for (const c of CASES) {
    const x = randomValues(rng, c.batch * c.h * c.w * c.cin);
    const w = randomValues(rng, c.kh * c.kw * c.cin * c.cout);
    const conv = (xt: tf.Tensor, wt: tf.Tensor) =>
      tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, c.stride, c.pad, 'NHWC', c.dilation);
    const inputs = () => [tf.tensor(x, [c.batch, c.h, c.w, c.cin]), tf.tensor(w, [c.kh, c.kw, c.cin, c.cout])];
    if (c.dilation > 1) {
      // tfjs has no gradient for dilated convolutions: values only.
      await assertSameAsCpu(describe(c), () => conv(...(inputs() as [tf.Tensor, tf.Tensor])), ['conv2d']);
    } else {
      await assertSameAsCpu(describe(c), () => valueAndGrads(12, conv, inputs()),
        ['conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter']);
    }
  }
});

test('fused conv2d with bias and activations (values and gradients)', { skip: SKIP }, async () => {
  const rng = new Random(13);
  const x = randomValues(rng, 2 * 8 * 8 * 3), w = randomValues(rng, 3 * 3 * 3 * 6), bias = randomValues(rng, 6);
  for (const activation of ['linear', 'relu', 'sigmoid', 'leakyrelu', 'elu'] as const) {
    await assertSameAsCpu(`fused conv ${activation}`, () => valueAndGrads(14, (xt, wt, bt) =>
      tf.fused.conv2d({ x: xt as tf.Tensor4D, filter: wt as tf.Tensor4D, strides: 1, pad: 'same', bias: bt, activation, leakyreluAlpha: 0.2 }),
    [tf.tensor(x, [2, 8, 8, 3]), tf.tensor(w, [3, 3, 3, 6]), tf.tensor(bias)]), ['conv2d']);
  }
});

test('maxPool and its gradient, including ties and same padding with odd sizes', { skip: SKIP }, async () => {
  const rng = new Random(15);
  for (const [h, w, c, size, stride, pad] of [
    [8, 8, 3, 2, 2, 'same'], [7, 9, 2, 2, 2, 'same'], [7, 7, 1, 3, 2, 'valid'], [6, 5, 4, 3, 1, 'same'],
    [9, 8, 17, 3, 3, 'same'], [7, 7, 2, 2, 2, 'valid'], [6, 10, 16, 2, 2, 'valid'],
  ] as [number, number, number, number, number, 'same' | 'valid'][]) {
    // Small integers make equal values inside a window common: the gradient must pick the first.
    const x = randomValues(rng, 2 * h * w * c).map((v) => Math.round(v * 2));
    await assertSameAsCpu(`maxPool ${h}x${w}x${c} f${size} s${stride} ${pad}`, () => valueAndGrads(16, (xt) =>
      tf.maxPool(xt as tf.Tensor4D, size, stride, pad), [tf.tensor(x, [2, h, w, c])]), ['maxPool', 'maxPoolGrad']);
  }
});

test('nearest-neighbour resize and its gradient', { skip: SKIP }, async () => {
  const rng = new Random(17);
  const x = randomValues(rng, 4 * 5 * 3);
  for (const [outH, outW, alignCorners, halfPixel] of [
    [8, 10, false, false], [7, 13, false, false], [8, 10, true, false], [6, 7, false, true], [3, 2, false, false],
  ] as [number, number, boolean, boolean][]) {
    // One image: the cpu gradient reads dy with the input's batch stride, wrong for batch > 1
    // (checked separately below).
    await assertSameAsCpu(`resize to ${outH}x${outW} align=${alignCorners} half=${halfPixel}`, () => {
      const input = tf.tensor(x, [1, 4, 5, 3]) as tf.Tensor4D;
      const y = tf.image.resizeNearestNeighbor(input, [outH, outW], alignCorners, halfPixel);
      if (halfPixel) return y;  // tfjs-core's gradient does not support halfPixelCenters
      return valueAndGrads(18, (t) => tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [outH, outW], alignCorners), [input]);
    }, halfPixel ? ['resizeNearest'] : ['resizeNearest', 'resizeNearestGrad']);
  }
});

test('resize gradient of a batch equals the gradients of its images taken one at a time', { skip: SKIP }, async () => {
  const rng = new Random(18);
  const dy = randomValues(rng, 3 * 8 * 6 * 2);
  const gradOf = (images: number, offset: number) => () => {
    const up = (t: tf.Tensor) => tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [8, 6]);
    const g = tf.tensor(dy.subarray(offset * 96, (offset + images) * 96), [images, 8, 6, 2]);
    return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(up(t), g)))(tf.zeros([images, 4, 3, 2]));
  };
  const [batch] = await runOn(ENGINE, gradOf(3, 0));
  for (let i = 0; i < 3; i++) {
    const [single] = await runOn('cpu', gradOf(1, i));
    assertClose(batch.subarray(i * 24, (i + 1) * 24), single, `image ${i}`);
  }
});

test('multi-threaded convolution gradients equal single-threaded within tolerance', { skip: SKIP }, async () => {
  const rng = new Random(19);
  const x = randomValues(rng, 16 * 12 * 12 * 4), w = randomValues(rng, 3 * 3 * 4 * 8);
  const run = () => valueAndGrads(20, (xt, wt) => tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, 1, 'same'),
    [tf.tensor(x, [16, 12, 12, 4]), tf.tensor(w, [3, 3, 4, 8])]);
  const { single, multi } = await onOneAndManyThreads(run);
  // The filter gradient sums per-thread partials, so only the summation order differs.
  single.forEach((s, i) => assertClose(multi[i], s, `output ${i}`));
});

test('every instruction set computes the same convolutions (direct and im2col paths)', { skip: SKIP }, async () => {
  const rng = new Random(21);
  const native = addon();
  const { bestIsa } = native.info();
  const isas = ['generic', 'avx2', 'avx512'];
  // Output channels 1, 3, 8, 16, 24 and 40 select the half-width, full-width, double-width
  // direct tiles and (40) the im2col GEMM.
  for (const [cin, cout, stride] of [[1, 16, 1], [3, 1, 1], [16, 8, 2], [2, 3, 1], [5, 24, 1], [4, 40, 1]]) {
    const x = randomValues(rng, 2 * 9 * 7 * cin), w = randomValues(rng, 9 * cin * cout), bias = randomValues(rng, cout);
    const conv = () => tf.fused.conv2d({ x: tf.tensor(x, [2, 9, 7, cin]) as tf.Tensor4D, filter: tf.tensor(w, [3, 3, cin, cout]) as tf.Tensor4D,
      strides: stride, pad: 'same', bias: tf.tensor(bias), activation: 'relu' });
    const [reference] = await runOn('cpu', conv);
    for (const isa of isas.slice(0, isas.indexOf(bestIsa) + 1)) {
      assert.ok(native.setIsa(isa));
      const [value] = await runOn(ENGINE, conv);
      assertClose(value, reference, `isa ${isa} cin ${cin} cout ${cout} stride ${stride}`);
    }
    native.setIsa(bestIsa);
  }
});

test('every instruction set computes the same convolution gradients (each direct kernel shape)', { skip: SKIP }, async () => {
  const rng = new Random(23);
  const native = addon();
  const { bestIsa } = native.info();
  const isas = ['generic', 'avx2', 'avx512'].slice(0, ['generic', 'avx2', 'avx512'].indexOf(bestIsa) + 1);
  // [batch, h, w, cin, cout, kh, kw, stride, pad]. The filter gradient vectorises over output
  // channels in blocks of 16/8/4/2/1 input channels (half, one or two vectors, dy padded when
  // cout is not a whole vector), over input channels when cout is 1 or 2, and falls back to the
  // GEMM past two vectors (cout 40); batch 10 spreads over several partial sums; the 5x3 filter
  // leaves a partial group of taps.
  const cases: [number, number, number, number, number, number, number, number, 'same' | 'valid'][] = [
    [10, 9, 7, 1, 16, 3, 3, 1, 'same'], [2, 6, 5, 16, 16, 3, 3, 1, 'same'], [3, 9, 8, 16, 8, 3, 3, 2, 'valid'],
    [1, 7, 7, 8, 8, 3, 3, 1, 'same'], [2, 5, 6, 12, 24, 3, 3, 1, 'same'], [2, 7, 9, 3, 5, 3, 3, 2, 'same'],
    [2, 8, 6, 6, 3, 3, 3, 1, 'valid'], [10, 8, 8, 16, 1, 3, 3, 1, 'same'], [2, 9, 7, 8, 2, 3, 3, 2, 'same'],
    [2, 6, 6, 24, 1, 3, 3, 1, 'valid'], [2, 6, 6, 5, 40, 3, 3, 1, 'same'], [2, 8, 7, 4, 8, 5, 3, 1, 'same'],
    [3, 7, 5, 6, 1, 5, 3, 1, 'same'], [1, 28, 28, 1, 16, 3, 3, 1, 'same'], [2, 14, 14, 16, 1, 3, 3, 1, 'same'],
    // With 4-float vectors (WebAssembly) the direct kernels reach four vectors: three (cout 12),
    // four with dy padded (cout 13), and input-channel vectors of three or four for cout 1 or 2.
    [1, 5, 7, 3, 12, 3, 3, 1, 'same'], [3, 6, 7, 7, 13, 3, 3, 1, 'valid'], [2, 7, 5, 11, 2, 3, 3, 1, 'same'],
    [1, 9, 9, 10, 1, 3, 3, 2, 'valid'], [2, 5, 5, 15, 1, 3, 3, 1, 'same'],
  ];
  for (const [batch, h, w, cin, cout, kh, kw, stride, pad] of cases) {
    const x = randomValues(rng, batch * h * w * cin), filter = randomValues(rng, kh * kw * cin * cout);
    const run = () => valueAndGrads(24, (xt, wt) => tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, stride, pad),
      [tf.tensor(x, [batch, h, w, cin]), tf.tensor(filter, [kh, kw, cin, cout])]);
    const reference = await runOn('cpu', run);
    for (const isa of isas) {
      assert.ok(native.setIsa(isa));
      const values = await runOn(ENGINE, run);
      values.forEach((v, i) => assertClose(v, reference[i], `isa ${isa} ${batch}x${h}x${w}x${cin} -> ${cout} k${kh}x${kw} s${stride} ${pad} [output ${i}]`));
    }
    native.setIsa(bestIsa);
  }
});

test('convolution gradients do not depend on the thread count', { skip: SKIP }, async () => {
  const rng = new Random(25);
  const x = randomValues(rng, 20 * 10 * 9 * 8), w = randomValues(rng, 3 * 3 * 8 * 16);
  const run = () => valueAndGrads(26, (xt, wt) => tf.conv2d(xt as tf.Tensor4D, wt as tf.Tensor4D, 1, 'same'),
    [tf.tensor(x, [20, 10, 9, 8]), tf.tensor(w, [3, 3, 8, 16])]);
  const { single, multi } = await onOneAndManyThreads(run);
  // The direct filter gradient sums a fixed number of partials in a fixed order: bit-identical
  // (16 output channels take the direct kernels on every build, four 4-float vectors in WebAssembly).
  single.forEach((s, i) => assert.deepEqual(multi[i], s, `output ${i}`));
});

test('every instruction set computes the same 2x2 max-pool gradient (vector, half-vector and tail channels)', { skip: SKIP }, async () => {
  const rng = new Random(27);
  const native = addon();
  const { bestIsa } = native.info();
  const isas = ['generic', 'avx2', 'avx512'].slice(0, ['generic', 'avx2', 'avx512'].indexOf(bestIsa) + 1);
  for (const [batch, h, w, c] of [[3, 8, 6, 16], [2, 4, 10, 8], [1, 6, 6, 3], [2, 2, 4, 29], [4, 14, 14, 1]]) {
    // Small integers: ties inside a window are common and must go to the first maximum.
    const x = randomValues(rng, batch * h * w * c).map((v) => Math.round(v * 2));
    const run = () => valueAndGrads(28, (xt) => tf.maxPool(xt as tf.Tensor4D, 2, 2, 'valid'), [tf.tensor(x, [batch, h, w, c])]);
    const reference = await runOn('cpu', run);
    for (const isa of isas) {
      assert.ok(native.setIsa(isa));
      nativeCalls.clear();
      const values = await runOn(ENGINE, run);
      assert.ok(nativeCalls.get('maxPoolGrad'), 'native maxPoolGrad ran');
      values.forEach((v, i) => assertClose(v, reference[i], `isa ${isa} ${batch}x${h}x${w}x${c} [output ${i}]`));
    }
    native.setIsa(bestIsa);
  }
});
