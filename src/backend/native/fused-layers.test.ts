import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import {
  conv2dBiasActivation, denseBiasActivation, FUSED_ACTIVATIONS, hasFusedLayers, type FusedActivation,
} from '../fused-layers.js';
import {
  addon, assertClose, assertRegistered, assertSameAsCpu, nativeCalls, onOneAndManyThreads, randomValues, SKIP, valueAndGrads, ENGINE,
} from '../../../testing/support/native.js';

assertRegistered();

const ALPHA = 0.2;

/** tfjs's own activation ops: the reference the fused kernels must match. */
function activate(z: tf.Tensor, activation: FusedActivation): tf.Tensor {
  switch (activation) {
    case 'linear': return z;
    case 'relu': return tf.relu(z);
    case 'leakyRelu': return tf.leakyRelu(z, ALPHA);
    case 'sigmoid': return tf.sigmoid(z);
    case 'tanh': return tf.tanh(z);
    case 'elu': return tf.elu(z);
  }
}

/** Fused where the backend has the kernels (native); tfjs's composition elsewhere (cpu). */
function dense(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | null, activation: FusedActivation): tf.Tensor {
  if (hasFusedLayers()) return denseBiasActivation(x, kernel as tf.Tensor2D, bias as tf.Tensor1D | null, { activation, alpha: ALPHA });
  const z = tf.matMul(tf.reshape(x, [-1, kernel.shape[0]!]), kernel);
  const biased = bias ? tf.add(z, bias) : z;
  return tf.reshape(activate(biased, activation), [...x.shape.slice(0, -1), kernel.shape[1]!]);
}

interface ConvCase { x: number[]; filter: number[]; strides: number | [number, number]; padding: 'same' | 'valid'; dilation?: number }

function conv(x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor | null, c: ConvCase, activation: FusedActivation): tf.Tensor {
  if (hasFusedLayers()) {
    return conv2dBiasActivation(x as tf.Tensor4D, filter as tf.Tensor4D, bias as tf.Tensor1D | null,
      { strides: c.strides, padding: c.padding, dilation: c.dilation }, { activation, alpha: ALPHA });
  }
  const z = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.padding, 'NHWC', c.dilation ?? 1);
  return activate(bias ? tf.add(z, bias) : z, activation);
}

function tensor(rng: Random, shape: number[]): tf.Tensor {
  return tf.tensor(randomValues(rng, shape.reduce((a, b) => a * b, 1)), shape);
}

// Batch 1, odd sizes, x of rank 3, and one large enough (300 x 130 outputs) for the backward
// pass to split its rows among threads.
const DENSE_CASES: { x: number[]; units: number }[] = [
  { x: [1, 5], units: 3 }, { x: [7, 13], units: 9 }, { x: [37, 50], units: 70 }, { x: [2, 3, 5], units: 4 }, { x: [300, 20], units: 130 },
];

// Tolerance: assertSameAsCpu's 1e-4 of (|expected| + rms(expected)) (see testing/support/native.ts):
// products and bias sums of <= 1200 terms round differently in another order by ~1e-6, and our
// vectorised exp differs from Math.exp by ~2 ulp; a wrong index, derivative or missing bias is
// off by the order of the values.
test('denseBiasActivation: values and gradients (x, kernel, bias) equal tfjs matMul + add + activation on cpu', { skip: SKIP }, async () => {
  const rng = new Random(41);
  for (const activation of FUSED_ACTIVATIONS) {
    for (const { x, units } of DENSE_CASES) {
      const inputs = x[x.length - 1]!;
      const xs = tensor(rng, x).dataSync(), ks = tensor(rng, [inputs, units]).dataSync(), bs = tensor(rng, [units]).dataSync();
      const make = () => [tf.tensor(xs, x), tf.tensor(ks, [inputs, units]), tf.tensor(bs, [units])];
      await assertSameAsCpu(`${activation} [${x}] x ${units}`, () => valueAndGrads(42, (...t) => dense(t[0]!, t[1]!, t[2]!, activation), make()),
        ['denseBiasActivation', 'biasActivationGrad', 'matmul']);
    }
    // No bias (useBias: false).
    const make = () => [tensor(new Random(43), [6, 11]), tensor(new Random(44), [11, 5])];
    await assertSameAsCpu(`${activation} without bias`, () => valueAndGrads(45, (...t) => dense(t[0]!, t[1]!, null, activation), make()),
      ['denseBiasActivation']);
  }
});

const CONV_CASES: ConvCase[] = [
  { x: [1, 5, 5, 2], filter: [3, 3, 2, 3], strides: 1, padding: 'same' },
  { x: [2, 7, 6, 3], filter: [3, 2, 3, 4], strides: 2, padding: 'valid' },
  { x: [3, 8, 9, 1], filter: [3, 3, 1, 5], strides: [2, 1], padding: 'same' },
  { x: [4, 32, 32, 1], filter: [3, 3, 1, 16], strides: 1, padding: 'same' },
];

test('conv2dBiasActivation: values and gradients (x, filter, bias) equal tfjs conv2d + add + activation on cpu', { skip: SKIP }, async () => {
  const rng = new Random(51);
  for (const activation of FUSED_ACTIVATIONS) {
    for (const c of CONV_CASES) {
      const outC = c.filter[3]!;
      const xs = tensor(rng, c.x).dataSync(), fs = tensor(rng, c.filter).dataSync(), bs = tensor(rng, [outC]).dataSync();
      const make = () => [tf.tensor(xs, c.x), tf.tensor(fs, c.filter), tf.tensor(bs, [outC])];
      await assertSameAsCpu(`${activation} x [${c.x}] filter [${c.filter}] ${c.padding}`,
        () => valueAndGrads(52, (...t) => conv(t[0]!, t[1]!, t[2]!, c, activation), make()),
        ['conv2dBiasActivation', 'biasActivationGrad', 'conv2dBackpropInput', 'conv2dBackpropFilter']);
    }
  }
  // Dilation forward (tfjs has no dilated conv2d gradient either), and no bias.
  const dilated: ConvCase = { x: [2, 9, 9, 2], filter: [3, 3, 2, 3], strides: 1, padding: 'same', dilation: 2 };
  await assertSameAsCpu('dilation 2, no bias', () => conv(tensor(new Random(53), dilated.x), tensor(new Random(54), dilated.filter), null, dilated, 'tanh'),
    ['conv2dBiasActivation']);
});

/** How often each addon function runs while the gradients of `loss` w.r.t. `wrt` are computed. */
function callsOfGradients(loss: () => tf.Scalar, wrt: tf.Variable[]): Map<string, number> {
  nativeCalls.clear();
  tf.tidy(() => tf.dispose(Object.values(tf.variableGrads(loss, wrt).grads)));
  return new Map(nativeCalls);
}

test('the input gradient of a layer is computed only when something upstream needs it', { skip: SKIP }, async () => {
  await tf.setBackend(ENGINE);
  const rng = new Random(61);
  const x = tensor(rng, [8, 6]);
  const kernel = tf.variable(tensor(rng, [6, 4])), bias = tf.variable(tensor(rng, [4]));
  const data = tf.variable(x);
  const denseLoss = (input: tf.Tensor) => () => tf.sum(dense(input, kernel, bias, 'sigmoid')) as tf.Scalar;
  // Data as the input (the first layer): one product backward (dW), no dx.
  assert.equal(callsOfGradients(denseLoss(x), [kernel, bias]).get('matmul'), 1);
  // The input trainable too: dx is computed, a second product.
  assert.equal(callsOfGradients(denseLoss(data), [kernel, bias, data]).get('matmul'), 2);

  const image = tensor(rng, [2, 5, 5, 1]);
  const filter = tf.variable(tensor(rng, [3, 3, 1, 2])), convBias = tf.variable(tensor(rng, [2]));
  const c: ConvCase = { x: [2, 5, 5, 1], filter: [3, 3, 1, 2], strides: 1, padding: 'same' };
  const convCalls = callsOfGradients(() => tf.sum(conv(image, filter, convBias, c, 'relu')) as tf.Scalar, [filter, convBias]);
  assert.equal(convCalls.get('conv2dBackpropFilter'), 1);
  assert.equal(convCalls.get('conv2dBackpropInput'), undefined);
  assert.equal(convCalls.get('biasActivationGrad'), 1);
  tf.dispose([x, kernel, bias, data, image, filter, convBias]);
});

test('thread count does not change the result (fixed partition of the bias sums)', { skip: SKIP }, async () => {
  const rng = new Random(71);
  const xs = tensor(rng, [8, 32, 32, 2]).dataSync(), fs = tensor(rng, [3, 3, 2, 8]).dataSync(), bs = tensor(rng, [8]).dataSync();
  const c: ConvCase = { x: [8, 32, 32, 2], filter: [3, 3, 2, 8], strides: 1, padding: 'same' };
  const run = () => valueAndGrads(72, (...t) => conv(t[0]!, t[1]!, t[2]!, c, 'sigmoid'),
    [tf.tensor(xs, c.x), tf.tensor(fs, c.filter), tf.tensor(bs, [8])]);
  const { single, multi } = await onOneAndManyThreads(run);
  // The output and the bias gradient (the sum this kernel partitions) must agree exactly; the
  // filter gradient is the convolution kernel's own business.
  assert.deepEqual(multi[0], single[0], 'y');
  assert.deepEqual(multi[3], single[3], 'bias gradient');
});

test('the addon gradient kernel on a hand-computed case', { skip: SKIP }, () => {
  // dy and y as [2 rows, 2 columns]; sigmoid: dz = dy * y * (1 - y).
  const dy = Float32Array.of(1, 2, 3, 4), y = Float32Array.of(0.5, 0.25, 0.75, 0.1);
  const dz = new Float32Array(4), db = new Float32Array(2);
  addon().biasActivationGrad(dy, y, dz, db, 2, 3, 0);
  assertClose(dz, Float32Array.of(0.25, 2 * 0.1875, 3 * 0.1875, 4 * 0.09), 'sigmoid dz', 1e-6);
  assertClose(db, Float32Array.of(0.25 + 3 * 0.1875, 2 * 0.1875 + 4 * 0.09), 'sigmoid db', 1e-6);
  // Linear: only the column sums of dy.
  addon().biasActivationGrad(dy, null, null, db, 2, 0, 0);
  assert.deepEqual(Array.from(db), [4, 6]);
  assert.throws(() => addon().biasActivationGrad(dy, y, dz, db, 3, 3, 0), /length 4 is not a multiple of columns 3/);
  assert.throws(() => addon().biasActivationGrad(dy, null, dz, db, 2, 3, 0), /this activation needs y/);
});

test('availability and clear errors', { skip: SKIP }, async () => {
  assert.equal(hasFusedLayers('cpu'), false);
  assert.equal(hasFusedLayers(ENGINE), true);
  await tf.setBackend('cpu');
  assert.throws(() => denseBiasActivation(tf.ones([2, 3]), tf.ones([3, 4]), null, { activation: 'relu' }),
    /backend 'cpu' has no 'AekitDenseBiasActivation' kernel/);
  await tf.setBackend(ENGINE);
  assert.throws(() => denseBiasActivation(tf.ones([2, 3]), tf.ones([3, 4]), tf.ones([5]), { activation: 'relu' }),
    /bias must be float32 of shape \[4\], found float32 of shape \[5\]/);
  assert.throws(() => denseBiasActivation(tf.ones([2, 5]), tf.ones([3, 4]), null, { activation: 'relu' }),
    /x must be of rank >= 2 with last dim 3/);
  assert.throws(() => denseBiasActivation(tf.ones([2, 3]), tf.ones([3, 4]), null, { activation: 'softmax' as FusedActivation }),
    /activation must be one of linear, relu, leakyRelu, sigmoid, tanh, elu, found 'softmax'/);
  assert.throws(() => denseBiasActivation(tf.ones([2, 3]), tf.ones([3, 4]), null, { activation: 'leakyRelu', alpha: -1 }),
    /alpha must be a number >= 0, found -1/);
  assert.throws(() => conv2dBiasActivation(tf.ones([1, 4, 4, 2]) as tf.Tensor4D, tf.ones([3, 3, 1, 2]) as tf.Tensor4D, null,
    { strides: 1, padding: 'same' }, { activation: 'relu' }), /x's channels = filter's dim 2/);
});
