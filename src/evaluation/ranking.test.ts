import { test } from 'node:test';
import assert from 'node:assert/strict';
import { averagePrecision, precisionRecallAt, rocAuc } from './ranking.js';

// Hand-worked case with a tie between an anomaly and a normal sample at 0.8.
// Anomalies: 0.9, 0.8, 0.1; normals: 0.8, 0.3.
const scores = [0.9, 0.8, 0.8, 0.3, 0.1];
const flags = [true, true, false, false, true];

test('rocAuc counts pairs, a tie as one half', () => {
  // pairs (anomaly, normal): (.9,.8)=1 (.9,.3)=1 (.8,.8)=.5 (.8,.3)=1 (.1,.8)=0 (.1,.3)=0 -> 3.5/6
  assert.ok(Math.abs(rocAuc(scores, flags) - 3.5 / 6) < 1e-12);
  assert.equal(rocAuc([1, 2, 3, 4], [false, false, true, true]), 1);
  assert.equal(rocAuc([1, 2, 3, 4], [true, true, false, false]), 0);
  assert.equal(rocAuc([5, 5, 5, 5], [true, false, true, false]), 0.5);
  assert.equal(rocAuc(new Float32Array([0.2, 0.7]), new Uint8Array([0, 1])), 1);
});

test('rocAuc does not depend on input order', () => {
  const order = [3, 0, 4, 2, 1];
  assert.ok(Math.abs(rocAuc(order.map((i) => scores[i]!), order.map((i) => flags[i]!)) - 3.5 / 6) < 1e-12);
});

test('averagePrecision steps over distinct thresholds (scikit-learn definition)', () => {
  // thresholds .9: P=1 R=1/3; .8: P=2/3 R=2/3; .3: P=2/4 R=2/3; .1: P=3/5 R=1
  // AP = 1/3*1 + 1/3*2/3 + 0 + 1/3*3/5 = 34/45
  assert.ok(Math.abs(averagePrecision(scores, flags) - 34 / 45) < 1e-12);
  assert.equal(averagePrecision([3, 2, 1], [true, false, false]), 1);
  // all tied: AP = prevalence
  assert.ok(Math.abs(averagePrecision([1, 1, 1, 1], [true, false, false, false]) - 0.25) < 1e-12);
});

test('precisionRecallAt flags scores strictly above the threshold', () => {
  assert.deepEqual(precisionRecallAt(scores, flags, 0.5), { precision: 2 / 3, recall: 2 / 3, flagged: 3 });
  assert.deepEqual(precisionRecallAt(scores, flags, 0.8), { precision: 1, recall: 1 / 3, flagged: 1 });
  assert.deepEqual(precisionRecallAt(scores, flags, 1), { precision: 0, recall: 0, flagged: 0 });
  assert.deepEqual(precisionRecallAt(scores, flags, 0), { precision: 3 / 5, recall: 1, flagged: 5 });
});

test('bad inputs get clear errors', () => {
  assert.throws(() => rocAuc([], []), /no scores given/);
  assert.throws(() => rocAuc([1, 2], [true]), /2 scores but 1 anomaly flags/);
  assert.throws(() => rocAuc([1, 2], [true, true]), /needs both normal and anomalous samples, found 2 anomalies among 2/);
  assert.throws(() => averagePrecision([1, 2], [false, false]), /needs at least one anomaly/);
  assert.throws(() => rocAuc([1, NaN], [true, false]), /score 1 is NaN/);
});
