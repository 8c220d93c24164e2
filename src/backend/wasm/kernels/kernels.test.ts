/**
 * Every kernel aekit adds or replaces on wasm, checked against the tfjs cpu backend (or, where
 * tfjs's cpu kernel is itself wrong, against an identity) on random shapes: strides 1 and 2, 'same' and 'valid', batch 1 and >1, one channel, odd sizes.
 * Tolerance: 1e-4 of the largest reference magnitude (float32, different summation order).
 */
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../../util/random.js';
import { assertClose, randomValues, valuesOn } from '../../../../testing/support/wasm.js';

const TOLERANCE = 1e-4;

interface ConvCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  filter: [number, number];
  stride: number;
  pad: 'same' | 'valid';
}

const CONV_CASES: ConvCase[] = [
  { batch: 1, height: 7, width: 5, inChannels: 1, outChannels: 3, filter: [3, 3], stride: 1, pad: 'same' },
  { batch: 3, height: 9, width: 8, inChannels: 4, outChannels: 5, filter: [3, 3], stride: 1, pad: 'valid' },
  { batch: 2, height: 11, width: 7, inChannels: 3, outChannels: 2, filter: [3, 2], stride: 2, pad: 'same' },
  { batch: 1, height: 8, width: 9, inChannels: 2, outChannels: 1, filter: [5, 3], stride: 2, pad: 'valid' },
  { batch: 4, height: 6, width: 6, inChannels: 16, outChannels: 8, filter: [1, 1], stride: 1, pad: 'same' },
  { batch: 2, height: 5, width: 5, inChannels: 3, outChannels: 4, filter: [4, 4], stride: 1, pad: 'same' },
];

function describe(c: ConvCase): string {
  return `x ${c.batch}x${c.height}x${c.width}x${c.inChannels}, filter ${c.filter.join('x')}->${c.outChannels}, stride ${c.stride}, ${c.pad}`;
}

function convData(c: ConvCase, seed: number) {
  const random = new Random(seed);
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const filterShape: [number, number, number, number] = [c.filter[0], c.filter[1], c.inChannels, c.outChannels];
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, c.stride, 1, c.pad);
  const dyShape = info.outShape;
  return {
    xShape, filterShape, dyShape,
    x: randomValues(random, xShape.reduce((a, b) => a * b)),
    filter: randomValues(random, filterShape.reduce((a, b) => a * b)),
    dy: randomValues(random, dyShape.reduce((a, b) => a * b)),
  };
}

test('Conv2DBackpropFilter on wasm matches cpu', async () => {
  for (const [i, c] of CONV_CASES.entries()) {
    const d = convData(c, 100 + i);
    const compute = () => [tf.engine().runKernel('Conv2DBackpropFilter',
      { x: tf.tensor4d(d.x, d.xShape), dy: tf.tensor4d(d.dy, d.dyShape) },
      { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: d.filterShape }) as tf.Tensor];
    const [expected] = await valuesOn('cpu', compute);
    const [actual] = await valuesOn('wasm', compute);
    assertClose(actual!, expected!, TOLERANCE, `dW, ${describe(c)}`);
  }
});

test('Conv2DBackpropInput on wasm matches cpu', async () => {
  for (const [i, c] of CONV_CASES.entries()) {
    const d = convData(c, 200 + i);
    const compute = () => [tf.engine().runKernel('Conv2DBackpropInput',
      { dy: tf.tensor4d(d.dy, d.dyShape), filter: tf.tensor4d(d.filter, d.filterShape) },
      { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', inputShape: d.xShape }) as tf.Tensor];
    const [expected] = await valuesOn('cpu', compute);
    const [actual] = await valuesOn('wasm', compute);
    assertClose(actual!, expected!, TOLERANCE, `dx, ${describe(c)}`);
  }
});

test('conv2d value and both gradients through autodiff on wasm match cpu', async () => {
  for (const [i, c] of CONV_CASES.entries()) {
    const d = convData(c, 300 + i);
    const compute = () => {
      const x = tf.tensor4d(d.x, d.xShape);
      const filter = tf.tensor4d(d.filter, d.filterShape);
      const weights = tf.tensor4d(d.dy, d.dyShape);
      const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), weights));
      const { value, grads } = tf.valueAndGrads(f)([x, filter]);
      return [value, ...grads];
    };
    const expected = await valuesOn('cpu', compute);
    const actual = await valuesOn('wasm', compute);
    ['value', 'dx', 'dW'].forEach((name, k) => assertClose(actual[k]!, expected[k]!, TOLERANCE, `${name}, ${describe(c)}`));
  }
});

test('matMul with every transpose combination, and its gradients, on wasm match cpu', async () => {
  const random = new Random(7);
  const [m, k, n] = [13, 17, 5];
  const shapes = { a: { false: [m, k], true: [k, m] }, b: { false: [k, n], true: [n, k] } } as const;
  for (const batch of [undefined, 1, 3]) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const aShape = [...(batch ? [batch] : []), ...shapes.a[`${transposeA}`]];
        const bShape = [...(batch ? [batch] : []), ...shapes.b[`${transposeB}`]];
        const a = randomValues(random, aShape.reduce((p, q) => p * q));
        const b = randomValues(random, bShape.reduce((p, q) => p * q));
        const compute = () => {
          const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, transposeA, transposeB)));
          const { value, grads } = tf.valueAndGrads(f)([tf.tensor(a, aShape), tf.tensor(b, bShape)]);
          return [tf.matMul(tf.tensor(a, aShape), tf.tensor(b, bShape), transposeA, transposeB), value, ...grads];
        };
        const expected = await valuesOn('cpu', compute);
        const actual = await valuesOn('wasm', compute);
        const what = `batch ${batch ?? 'none'}, transposeA ${transposeA}, transposeB ${transposeB}`;
        ['product', 'loss', 'dA', 'dB'].forEach((name, i) => assertClose(actual[i]!, expected[i]!, TOLERANCE, `${name}, ${what}`));
      }
    }
  }
});

test('fused matMul (bias + relu) with transposes on wasm matches cpu', async () => {
  const random = new Random(8);
  const a = randomValues(random, 6 * 9);
  const b = randomValues(random, 4 * 9);
  const bias = randomValues(random, 4);
  const compute = () => [tf.fused.matMul({
    a: tf.tensor2d(a, [9, 6]), b: tf.tensor2d(b, [4, 9]), transposeA: true, transposeB: true,
    bias: tf.tensor1d(bias), activation: 'relu',
  })];
  const [expected] = await valuesOn('cpu', compute);
  const [actual] = await valuesOn('wasm', compute);
  assertClose(actual!, expected!, TOLERANCE, 'fused matMul [9,6]^T x [4,9]^T + bias, relu');
});

test("MaxPoolGrad (ours; wasm's drops windows over 'same' padding) matches cpu", async () => {
  const cases = [
    { shape: [1, 7, 5, 1], pool: 2, stride: 2, pad: 'same' as const },
    { shape: [3, 8, 8, 4], pool: 2, stride: 2, pad: 'valid' as const },
    { shape: [2, 9, 7, 3], pool: 3, stride: 1, pad: 'same' as const },
    { shape: [2, 9, 7, 3], pool: 3, stride: 2, pad: 'valid' as const },
  ];
  for (const [i, c] of cases.entries()) {
    const x = randomValues(new Random(400 + i), c.shape.reduce((p, q) => p * q));
    const compute = () => {
      const pooled = (t: tf.Tensor) => tf.sum(tf.square(tf.maxPool(t as tf.Tensor4D, c.pool, c.stride, c.pad)));
      return [tf.grad(pooled)(tf.tensor4d(x, c.shape as [number, number, number, number]))];
    };
    const [expected] = await valuesOn('cpu', compute);
    const [actual] = await valuesOn('wasm', compute);
    assertClose(actual!, expected!, TOLERANCE, `maxPool grad ${c.shape} pool ${c.pool} stride ${c.stride} ${c.pad}`);
  }
});

interface ResizeCase {
  shape: [number, number, number, number];
  size: [number, number];
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

function resizeGradient(c: ResizeCase, seed: number): { compute: () => tf.Tensor[]; probe: Float32Array } {
  const random = new Random(seed);
  const x = randomValues(random, c.shape.reduce((p, q) => p * q));
  const weights = randomValues(random, c.shape[0] * c.size[0] * c.size[1] * c.shape[3]);
  const probe = randomValues(random, x.length);
  const resize = (t: tf.Tensor) => tf.image.resizeNearestNeighbor(t as tf.Tensor4D, c.size, c.alignCorners, c.halfPixelCenters);
  const compute = () => {
    const w = tf.tensor4d(weights, [c.shape[0], c.size[0], c.size[1], c.shape[3]]);
    const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(resize(t), w)))(tf.tensor4d(x, c.shape));
    const p = tf.tensor4d(probe, c.shape);
    // <resize(p), w> and <p, resizeᵀ(w)> must agree: the gradient is the forward's adjoint.
    return [dx, tf.sum(tf.mul(resize(p), w)), tf.sum(tf.mul(p, dx))];
  };
  return { compute, probe };
}

test('ResizeNearestNeighborGrad (ours) is the adjoint of the forward', async () => {
  // One image, one channel: the only case where tfjs's cpu gradient is right, so compare with it.
  const single: ResizeCase = { shape: [1, 7, 5, 1], size: [14, 10], alignCorners: false, halfPixelCenters: false };
  const { compute } = resizeGradient(single, 500);
  const [expected] = await valuesOn('cpu', compute);
  const [actual] = await valuesOn('wasm', compute);
  assertClose(actual!, expected!, TOLERANCE, 'upsampling grad 1x7x5x1 -> 14x10');
  // Elsewhere both tfjs gradients (cpu and wasm) fail the adjoint identity, so it is the oracle.
  const resizes: ResizeCase[] = [
    { shape: [3, 4, 6, 4], size: [8, 12], alignCorners: false, halfPixelCenters: false },
    { shape: [2, 5, 4, 3], size: [15, 9], alignCorners: false, halfPixelCenters: false },
    { shape: [2, 5, 4, 3], size: [7, 11], alignCorners: false, halfPixelCenters: true },
    { shape: [2, 5, 4, 3], size: [9, 7], alignCorners: true, halfPixelCenters: false },
  ];
  for (const [i, c] of resizes.entries()) {
    const [, forward, adjoint] = await valuesOn('wasm', resizeGradient(c, 600 + i).compute);
    assertClose(adjoint!, forward!, TOLERANCE, `<p, grad> vs <resize(p), w>, ${c.shape} -> ${c.size} align ${c.alignCorners} half ${c.halfPixelCenters}`);
  }
});
