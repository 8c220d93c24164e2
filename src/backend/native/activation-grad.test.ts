import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import { assertRegistered, assertSameAsCpu, randomValues, SKIP, valueAndGrads, ENGINE } from '../../../testing/support/native.js';

assertRegistered();

const ACTIVATIONS: [string, (t: tf.Tensor) => tf.Tensor, string, string][] = [
  // name, op, our gradient kernel, a kernel only tfjs's own gradient uses
  ['relu', tf.relu, 'AekitReluGrad', tf.Step],
  ['sigmoid', tf.sigmoid, 'AekitSigmoidGrad', tf.Sub],
  ['tanh', tf.tanh, 'AekitTanhGrad', tf.Square],
  ['leakyRelu', (t) => tf.leakyRelu(t, 0.2), 'AekitLeakyReluGrad', tf.Select],
];

/** The kernels the gradient of sum(op(x) * p) runs, by name. */
async function gradientKernels(backend: string, op: (t: tf.Tensor) => tf.Tensor, x: Float32Array): Promise<string[]> {
  await tf.setBackend(backend);
  const input = tf.tensor(x);
  const info = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(op(t)))(input));
  input.dispose();
  return info.kernelNames;
}

test('ReLU, sigmoid, tanh and LeakyReLU gradients: one fused kernel on native, equal to the cpu backend', { skip: SKIP }, async () => {
  const rng = new Random(41);
  const x = randomValues(rng, 3 * 17 * 5, 4);
  x.set([0, -0, 1e-30, -1e-30, 20, -20], 0);  // ReLU's kink, saturated sigmoid/tanh
  for (const [name, op, fused, stockOnly] of ACTIVATIONS) {
    await assertSameAsCpu(`${name} value and gradient`, () => valueAndGrads(42, op, [tf.tensor(x, [3, 17, 5])]), ['binary']);
    const native = await gradientKernels(ENGINE, op, x);
    assert.ok(native.includes(fused), `${name}: native ran ${native.join(', ')}`);
    assert.ok(!native.includes(stockOnly), `${name}: native still ran tfjs's ${stockOnly}`);
    const cpu = await gradientKernels('cpu', op, x);
    assert.ok(!cpu.includes(fused) && cpu.includes(stockOnly), `${name}: the cpu backend keeps tfjs's gradient (${cpu.join(', ')})`);
  }
});
