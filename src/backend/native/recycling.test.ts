import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import type { NativeBackend } from './backend.js';
import { randomValues, assertRegistered, SKIP } from './test-support.js';

assertRegistered();

const N = 4096;  // above the pooling threshold

function backingArray(t: tf.Tensor): unknown {
  return (tf.backend() as NativeBackend).data.get(t.dataId).values;
}

test('a disposed output array is reused for the next output of the same size', { skip: SKIP }, async () => {
  await tf.setBackend('native');
  const x = tf.tensor(randomValues(new Random(31), N));
  const first = tf.relu(x);
  const array = backingArray(first);
  first.dispose();
  const second = tf.neg(x);
  assert.equal(backingArray(second), array, 'the released array was not recycled');
  // ...and it holds the new result, not the old one.
  assert.deepEqual(Array.from(second.dataSync()), Array.from(x.dataSync()).map((v) => -v));
  tf.dispose([x, second]);
});

test('an array read out with dataSync is never recycled under the reader', { skip: SKIP }, async () => {
  await tf.setBackend('native');
  const x = tf.tensor(randomValues(new Random(32), N));
  const y = tf.relu(x);
  const read = y.dataSync();
  const snapshot = Float32Array.from(read);
  y.dispose();
  const z = tf.neg(x);
  z.dataSync();
  assert.deepEqual(read, snapshot, 'the array returned by dataSync changed after its tensor was disposed');
  tf.dispose([x, z]);
});

test('arrays passed to a cpu kernel that may keep views (Unpack) are not recycled', { skip: SKIP }, async () => {
  await tf.setBackend('native');
  const x = tf.tensor(randomValues(new Random(33), 2 * N), [2, N]);
  const y = tf.mul(x, 2);
  const parts = tf.unstack(y);
  const expected = parts.map((p) => Float32Array.from(p.dataSync()));
  y.dispose();
  const others = [tf.mul(x, 3), tf.mul(x, 4)];
  parts.forEach((p, i) => assert.deepEqual(p.dataSync(), expected[i], `part ${i} changed after its source was disposed`));
  tf.dispose([x, ...parts, ...others]);
});
