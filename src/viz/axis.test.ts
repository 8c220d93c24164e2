import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatLinearTicks, formatNumber, linearAxis, logAxis, logTicks, niceStep, niceTicks } from './axis.js';

test('niceTicks: round 1-2-5 steps inside the range', () => {
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.013, 0.11), [0.02, 0.04, 0.06, 0.08, 0.1]);
  assert.deepEqual(niceTicks(-3, 47), [0, 10, 20, 30, 40]);
  assert.deepEqual(niceTicks(1, 20, 5), [5, 10, 15, 20]);
  assert.deepEqual(niceTicks(-0.7, 0.7, 3), [-0.5, 0, 0.5]);
  assert.deepEqual(niceTicks(2e-6, 9e-6, 4), [2e-6, 4e-6, 6e-6, 8e-6]);
  assert.deepEqual(niceTicks(1, 3, 6), [1, 1.5, 2, 2.5, 3]);
  assert.deepEqual(niceTicks(1, 3, 6, 1), [1, 2, 3]);
  assert.deepEqual(linearAxis(1, 3, 0, 6, 1).labels, ['1', '2', '3']);
  assert.throws(() => niceTicks(1, 1), /need finite min < max, got min=1, max=1/);
});

test('niceStep picks 1, 2 or 5 times a power of ten', () => {
  assert.equal(niceStep(1, 5), 0.2);
  assert.equal(niceStep(100, 5), 20);
  assert.equal(niceStep(30, 5), 5);
  assert.equal(niceStep(12, 10), 1);
  assert.equal(niceStep(80, 10), 10);
});

test('logTicks: 1-2-3-5 within a decade, 1-2-5 within two, whole decades beyond, linear when narrower than one step', () => {
  assert.deepEqual(logTicks(0.01, 0.5), [0.01, 0.02, 0.05, 0.1, 0.2, 0.5]);
  assert.deepEqual(logTicks(0.0009, 1.1), [0.001, 0.01, 0.1, 1]);
  assert.deepEqual(logTicks(1e-8, 1e8), [1e-8, 1e-6, 1e-4, 0.01, 1, 100, 1e4, 1e6, 1e8]);
  assert.deepEqual(logTicks(0.014, 0.11), [0.02, 0.03, 0.05, 0.1]);
  assert.deepEqual(logTicks(0.03, 0.045), [0.03, 0.035, 0.04, 0.045]);
});

test('tick labels: same decimals along an axis; exponents for very large or small numbers', () => {
  assert.deepEqual(formatLinearTicks([0, 0.2, 0.4, 1], 0.2), ['0.0', '0.2', '0.4', '1.0']);
  assert.deepEqual(formatLinearTicks([0.02, 0.04], 0.02), ['0.02', '0.04']);
  assert.deepEqual(formatLinearTicks([0, 50, 100], 50), ['0', '50', '100']);
  assert.deepEqual(formatLinearTicks([0, 2e5, 4e5], 2e5), ['0', '2e5', '4e5']);
  assert.equal(formatNumber(1e-5), '1e-5');
  assert.equal(formatNumber(0.002), '0.002');
  assert.equal(formatNumber(0.1 + 0.2), '0.3');
});

test('axes cover the data with a margin, and all-equal data still gets a range', () => {
  const axis = linearAxis(0, 10, 0.05, 5);
  assert.equal(axis.min, -0.5);
  assert.equal(axis.max, 10.5);
  assert.deepEqual(axis.ticks, [0, 2, 4, 6, 8, 10]);
  const flat = linearAxis(3, 3, 0.05, 5);
  assert.ok(Math.abs(flat.min - 2.7) < 1e-12 && Math.abs(flat.max - 3.3) < 1e-12);
  assert.deepEqual([linearAxis(0, 0, 0.05, 5).min, linearAxis(0, 0, 0.05, 5).max], [-1, 1]);
  const log = logAxis(1, 100, 0);
  assert.deepEqual([log.min, log.max, log.log], [1, 100, true]);
  assert.deepEqual(log.labels, ['1', '2', '5', '10', '20', '50', '100']);
});
