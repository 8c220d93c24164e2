import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// Autodiff needs every op's gradient registered: tfjs-core's Node bundle registers none, tfjs-layers' does.
import '@tensorflow/tfjs-layers';
import { Adam } from './adam.js';
import { initBackend } from '../backend/select.js';

await initBackend({ backend: 'cpu' });

/** Keras's Adam in float64, written out from the update rule, for two parameters. */
function referenceAdam(w: number[], gradFn: (w: number[]) => number[], steps: number, lr: number): number[] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-7];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  const out = [...w];
  for (let t = 1; t <= steps; t++) {
    const g = gradFn(out);
    const stepSize = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < out.length; i++) {
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! * g[i]!;
      out[i] = out[i]! - (stepSize * m[i]!) / (Math.sqrt(v[i]!) + eps);
    }
  }
  return out;
}

test('Adam follows the Keras update rule on a quadratic (10 steps, float64 reference)', () => {
  // f(w) = 3 w0^2 + 0.5 (w1 - 2)^2 ; grad = [6 w0, w1 - 2]
  const gradFn = (w: number[]) => [6 * w[0]!, w[1]! - 2];
  const expected = referenceAdam([1.5, -1], gradFn, 10, 0.05);
  const variable = tf.variable(tf.tensor1d([1.5, -1]));
  const adam = new Adam({ learningRate: 0.05 });
  for (let i = 0; i < 10; i++) {
    const g = tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(tf.add(tf.mul(3, tf.square(tf.slice(w, 0, 1))), tf.mul(0.5, tf.square(tf.sub(tf.slice(w, 1, 1), 2))))))(variable));
    adam.apply([variable], [g]);
    g.dispose();
  }
  const got = Array.from(variable.dataSync());
  got.forEach((value, i) => assert.ok(Math.abs(value - expected[i]!) < 1e-5, `w${i}: ${value} vs ${expected[i]}`));
  // It moved: the reference is far from the start, so a no-op optimizer would fail.
  assert.ok(Math.abs(expected[0]! - 1.5) > 0.3);
});

test('Adam state round-trips: a restored optimizer continues exactly like the original', () => {
  const start = [0.3, -0.7, 1.1];
  const gradOf = (v: tf.Variable) => tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(tf.pow(w, 4)))(v));
  const a = tf.variable(tf.tensor1d(start));
  const adamA = new Adam({ learningRate: 0.01 });
  for (let i = 0; i < 3; i++) adamA.apply([a], [gradOf(a)]);
  const state = adamA.getState();
  const b = tf.variable(tf.tensor1d(Array.from(a.dataSync())));
  const adamB = new Adam();
  adamB.setState(state, [b]);
  assert.equal(adamB.learningRate, 0.01);
  for (let i = 0; i < 3; i++) {
    adamA.apply([a], [gradOf(a)]);
    adamB.apply([b], [gradOf(b)]);
  }
  assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
});

test('Adam refuses state that does not fit the variables', () => {
  const adam = new Adam();
  const state = { config: { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, iterations: 1, moments: [{ m: new Float32Array(2), v: new Float32Array(2) }] };
  assert.throws(() => adam.setState(state, [tf.variable(tf.zeros([3]))]), /saved moment 0 has 2 values, variable .* has 3/);
});
