import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// Autodiff needs every op's gradient registered: tfjs-core's Node bundle registers none, tfjs-layers' does.
import '@tensorflow/tfjs-layers';
import { Adam, type AdamState } from './adam.js';
import { initBackend } from '../backend/select.js';
import { Random } from '../util/random.js';

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

/** Runs `steps` Adam updates with fixed pseudo-random gradients on fresh variables; returns weights and state. */
function runAdam(inPlace: boolean, shapes: number[][], steps: number): { weights: Float32Array[]; state: AdamState } {
  const rng = new Random(11);
  const fill = (n: number) => Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
  const variables = shapes.map((shape) => tf.variable(tf.tensor(fill(shape.reduce((a, b) => a * b, 1)), shape)));
  const adam = new Adam({ learningRate: 0.01 }, { inPlace });
  for (let s = 0; s < steps; s++) {
    const grads = variables.map((v) => tf.tensor(fill(v.size), v.shape));
    adam.apply(variables, grads);
    tf.dispose(grads);
  }
  const result = { weights: variables.map((v) => Float32Array.from(v.dataSync())), state: adam.getState() };
  tf.dispose(variables);
  adam.dispose();
  return result;
}

test('in-place Adam (cpu) equals the tensor-op update exactly: weights and both moments', () => {
  const shapes = [[3, 5], [7], [200, 210]];
  const fast = runAdam(true, shapes, 4);
  const ops = runAdam(false, shapes, 4);
  fast.weights.forEach((w, i) => assert.deepEqual(w, ops.weights[i]!, `w${i}`));
  fast.state.moments.forEach((slot, i) => {
    assert.deepEqual(slot.m, ops.state.moments[i]!.m, `m${i}`);
    assert.deepEqual(slot.v, ops.state.moments[i]!.v, `v${i}`);
  });
  // The update moved the weights (a no-op would match only itself).
  const start = runAdam(true, shapes, 0).weights[2]!;
  assert.ok(Math.abs(fast.weights[2]![0]! - start[0]!) > 0.02);
});

test('in-place Adam leaves tensors and arrays that share the variable\'s data untouched', () => {
  const callerArray = new Float32Array([1, 2, 3, 4]);
  const source = tf.tensor(callerArray, [2, 2]);
  const variable = tf.variable(source);  // shares source's data
  const reshaped = tf.reshape(variable, [4]);  // shares it too
  const snapshot = tf.clone(variable);  // and so does a clone (EarlyStopping keeps its best weights so)
  const adam = new Adam({ learningRate: 0.1 });
  const g = tf.tensor([[1, -1], [0.5, 2]]);
  for (let i = 0; i < 3; i++) adam.apply([variable], [g]);
  assert.deepEqual(Array.from(callerArray), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(source.dataSync()), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(reshaped.dataSync()), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(snapshot.dataSync()), [1, 2, 3, 4]);
  assert.deepEqual(Array.from(g.dataSync()), [1, -1, 0.5, 2]);
  // Adam's first steps move each weight by about the learning rate against its gradient's sign.
  assert.deepEqual(Array.from(variable.dataSync()).map((w) => Math.round(w * 10) / 10), [0.7, 2.3, 2.7, 3.7]);
  tf.dispose([source, variable, reshaped, snapshot, g]);
  adam.dispose();
});

test('saved Adam state is a snapshot: later in-place steps do not change it', () => {
  const variable = tf.variable(tf.tensor1d([0.5, -0.5]));
  const adam = new Adam({ learningRate: 0.1 });
  const g = tf.tensor1d([1, 2]);
  adam.apply([variable], [g]);
  const state = adam.getState();
  const saved = Array.from(state.moments[0]!.m);
  const dataId = variable.dataId;
  adam.apply([variable], [g]);
  assert.equal(variable.dataId, dataId, 'the second step updated the same array in place');
  assert.deepEqual(Array.from(state.moments[0]!.m), saved);
  assert.ok(Math.abs(saved[0]! - 0.1) < 1e-7);  // (1 - beta1) * g after one step
  tf.dispose([variable, g]);
  adam.dispose();
});
