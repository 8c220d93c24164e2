import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import type { NativeBackend } from './backend.js';
import { randomValues, assertRegistered, SKIP, ENGINE } from '../../../testing/support/native.js';
import { asSamples, gatherBatch } from '../../data/samples.js';
import { readInto } from '../read-values.js';

assertRegistered();

const N = 4096;  // above the pooling threshold

function backingArray(t: tf.Tensor): unknown {
  return (tf.backend() as NativeBackend).data.get(t.dataId).values;
}

test('a disposed output array is reused for the next output of the same size', { skip: SKIP }, async () => {
  await tf.setBackend(ENGINE);
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
  await tf.setBackend(ENGINE);
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
  await tf.setBackend(ENGINE);
  const x = tf.tensor(randomValues(new Random(33), 2 * N), [2, N]);
  const y = tf.mul(x, 2);
  const parts = tf.unstack(y);
  const expected = parts.map((p) => Float32Array.from(p.dataSync()));
  y.dispose();
  const others = [tf.mul(x, 3), tf.mul(x, 4)];
  parts.forEach((p, i) => assert.deepEqual(p.dataSync(), expected[i], `part ${i} changed after its source was disposed`));
  tf.dispose([x, ...parts, ...others]);
});

test('a training batch gathered in JavaScript uses a recycled array, holding exactly the gathered rows', { skip: SKIP }, async () => {
  await tf.setBackend(ENGINE);
  const rows = 8, size = N / 8;
  const data = randomValues(new Random(35), rows * size * 2);
  const set = asSamples(data, rows * 2, [size]);
  const order = Int32Array.from([15, 3, 9, 0, 7, 12, 1, 4, 2, 5, 6, 8, 10, 11, 13, 14]);
  const first = gatherBatch(set, order, 0, rows);
  const array = backingArray(first);
  first.dispose();
  const second = gatherBatch(set, order, rows, 2 * rows);
  assert.equal(backingArray(second), array, 'the batch did not reuse the released array');
  const expected = Array.from(order.subarray(rows, 2 * rows)).flatMap((r) => Array.from(data.subarray(r * size, (r + 1) * size)));
  assert.deepEqual(Array.from(second.dataSync()), expected);
  second.dispose();
  // On other backends the batch gets its own new array.
  await tf.setBackend('cpu');
  const onCpu = gatherBatch(set, order, 0, rows);
  assert.deepEqual(Array.from(onCpu.dataSync()), Array.from(order.subarray(0, rows)).flatMap((r) => Array.from(data.subarray(r * size, (r + 1) * size))));
  onCpu.dispose();
});

test('readInto copies the values out and leaves the array to be recycled; on cpu it reads them too', { skip: SKIP }, async () => {
  await tf.setBackend(ENGINE);
  const x = tf.tensor(randomValues(new Random(36), N));
  const y = tf.relu(x);
  const array = backingArray(y);
  const dest = new Float32Array(N + 3).fill(7);
  readInto(y, dest, 3);
  assert.deepEqual(dest.subarray(3), Float32Array.from(x.dataSync(), (v) => Math.max(v, 0)));
  assert.deepEqual(Array.from(dest.subarray(0, 3)), [7, 7, 7], 'nothing before the offset is written');
  y.dispose();
  const z = tf.neg(x);
  assert.equal(backingArray(z), array, 'the array read with readInto was not recycled');
  await tf.setBackend('cpu');
  const onCpu = tf.tensor([1, 2, 3], [3], 'int32');
  const small = new Float32Array(3);
  readInto(onCpu, small);
  assert.deepEqual(Array.from(small), [1, 2, 3]);
  tf.dispose([onCpu]);
  await tf.setBackend(ENGINE);
  tf.dispose([x, z]);
});
