import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anomalyThreshold, percentile } from './threshold.js';

test('percentile interpolates like numpy', () => {
  // np.percentile([1, 2, 3, 4, 10], [0, 25, 50, 90, 100]) -> [1, 2, 3, 7.6, 10]
  const v = [10, 1, 3, 2, 4];
  assert.deepEqual([0, 25, 50, 100].map((q) => percentile(v, q)), [1, 2, 3, 10]);
  assert.ok(Math.abs(percentile(v, 90) - 7.6) < 1e-12);
});

test('threshold methods', () => {
  const scores = Array.from({ length: 11 }, (_, i) => i); // 0..10
  const train = [1, 2, 3, 4, 5];
  // contamination 0.1 of 0..10: the 90th percentile is 9, so only the 10 scores above it.
  assert.equal(anomalyThreshold({ method: 'contamination', contamination: 0.1 }, scores, train), 9);
  assert.equal(anomalyThreshold({ method: 'percentile', percentile: 50 }, scores, train), 3);
  assert.equal(anomalyThreshold({ method: 'max-train' }, scores, train), 5);
  assert.throws(() => anomalyThreshold({ method: 'contamination', contamination: 0.7 }, scores), /fraction in \(0, 0.5\], got 0.7/);
  assert.throws(() => anomalyThreshold({ method: 'max-train' }, scores), /needs the training scores/);
  // Cast: a value outside the type on purpose, as a JavaScript caller could pass it.
  assert.throws(() => anomalyThreshold({ method: 'median' as never }, scores), /unknown threshold method 'median': expected one of contamination, percentile, max-train/);
  assert.throws(() => percentile([], 50), /empty dataset/);
});
