import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend/select.js';
import { knnAccuracy, linearProbeAccuracy, type Features } from './probe.js';
import * as tf from '@tensorflow/tfjs-core';

function features(rows: number[][], labels: number[]): Features {
  return { data: Float32Array.from(rows.flat()), count: rows.length, dim: rows[0]!.length, labels: Int32Array.from(labels) };
}

test('kNN: hand-checked votes, with the nearest neighbour breaking a tie', async () => {
  await initBackend({ backend: 'auto' });
  const train = features([[0, 0], [0, 1], [10, 10], [10, 11], [5, 5]], [0, 0, 1, 1, 2]);
  // (1,0): nearest 0,0 (d=1), 0,1 (d=2) -> class 0. (9,9): class 1. (5,6): nearest is 5,5 -> class 2 for k=1.
  const test1 = features([[1, 0], [9, 9], [5, 6]], [0, 1, 2]);
  assert.equal(knnAccuracy(train, test1, 1), 1);
  // k=3 at (5,6): neighbours 5,5 (1) then 10,10 / 0,1 / 10,11... distances 1, 5^2+4^2=41 (0,1), 25+16=41 (10,10): a 3-way vote
  // among classes 2, 0, 1 with one vote each -> the nearest (class 2) wins.
  assert.equal(knnAccuracy(train, features([[5, 6]], [2]), 3), 1);
  // k=5 at (1,0): votes 0,0,2,1,1 -> class 0 and class 1 tie at 2; class 0 is nearer.
  assert.equal(knnAccuracy(train, features([[1, 0]], [0]), 5), 1);
  assert.throws(() => knnAccuracy(train, test1, 6), /k must be a whole number from 1 to 5/);
  assert.throws(() => knnAccuracy(train, features([[1, 2, 3]], [0]), 1), /training features have 2 values each, test features 3/);
});

test('linear probe separates linearly separable classes and cannot beat chance on XOR', async () => {
  await initBackend({ backend: 'auto' });
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    rows.push([c * 3 + Math.sin(i), -c * 2 + Math.cos(i)]);
    labels.push(c);
  }
  const tensors = tf.memory().numTensors;
  assert.equal(linearProbeAccuracy(features(rows, labels), features(rows, labels)), 1);
  assert.equal(tf.memory().numTensors, tensors, 'the probe leaves no tensors (its weights and Adam moments are disposed)');
  const xor = features([[0, 0], [1, 1], [0, 1], [1, 0]], [0, 0, 1, 1]);
  assert.ok(linearProbeAccuracy(xor, xor) <= 0.75, 'no line separates XOR');
  assert.throws(() => linearProbeAccuracy(features([[1]], [0]), { data: new Float32Array(0), count: 0, dim: 1, labels: new Int32Array(0) }), /test features: no samples/);
});
