import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Adam } from '../../optimizers/adam.js';
import { Random } from '../../util/random.js';
import { assertRegistered, nativeCalls, randomValues, SKIP, ENGINE } from '../../../testing/support/native.js';

/** Weights and moments after `steps` Adam updates with fixed pseudo-random gradients. */
function run(backend: string, inPlace: boolean, shapes: number[][], steps: number): Float32Array[] {
  tf.setBackend(backend);
  const rng = new Random(5);
  const variables = shapes.map((shape) => tf.variable(tf.tensor(randomValues(rng, shape.reduce((a, b) => a * b, 1)), shape)));
  const adam = new Adam({ learningRate: 0.01 }, { inPlace });
  for (let s = 0; s < steps; s++) {
    const grads = variables.map((v) => tf.tensor(randomValues(rng, v.size, 3), v.shape));
    adam.apply(variables, grads);
    tf.dispose(grads);
  }
  const out = [...variables.map((v) => Float32Array.from(v.dataSync())), ...adam.getState().moments.flatMap((s) => [s.m, s.v])];
  tf.dispose(variables);
  adam.dispose();
  return out;
}

test('native fused Adam equals the tensor-op update on cpu (small and multithreaded sizes)', { skip: SKIP }, () => {
  assertRegistered();
  // 300 x 400 is split over threads; 7 elements is one short SIMD tail.
  const shapes = [[7], [30, 20], [300, 400]];
  nativeCalls.clear();
  const fused = run(ENGINE, true, shapes, 5);
  assert.equal(nativeCalls.get('adamUpdate'), 5 * shapes.length);
  const reference = run('cpu', false, shapes, 5);
  fused.forEach((got, k) => {
    const want = reference[k]!;
    for (let i = 0; i < got.length; i++) {
      // Moments are sums of terms of either sign: the tolerance is relative to the terms' size.
      const tolerance = 1e-6 * Math.max(Math.abs(want[i]!), 0.1);
      assert.ok(Math.abs(got[i]! - want[i]!) <= tolerance, `array ${k} [${i}]: ${got[i]} vs ${want[i]}`);
    }
  });
  const start = run('cpu', false, shapes, 0)[2]!;
  assert.ok(Math.abs(fused[2]![0]! - start[0]!) > 0.02, 'the weights moved');
});

test('native fused Adam does not touch a tensor that shares the variable\'s data', { skip: SKIP }, () => {
  assertRegistered();
  tf.setBackend(ENGINE);
  const source = tf.tensor([0.5, -1, 2]);
  const variable = tf.variable(source);
  const adam = new Adam({ learningRate: 0.1 });
  const g = tf.tensor([1, 1, -1]);
  adam.apply([variable], [g]);
  adam.apply([variable], [g]);
  assert.deepEqual(Array.from(source.dataSync()), [0.5, -1, 2]);
  assert.deepEqual(Array.from(variable.dataSync()).map((w) => Math.round(w * 10) / 10), [0.3, -1.2, 2.2]);
  tf.dispose([source, variable, g]);
  adam.dispose();
});
