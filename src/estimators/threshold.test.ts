import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decisionThreshold, erf, outlierProbabilities, summarizeScores } from './threshold.js';

// A fixed score vector; the expected values below are what PyOD computes for it. PyOD's
// pyod/models/base.py, BaseDetector._process_decision_scores:
//   self.threshold_ = percentile(self.decision_scores_, 100 * (1 - self.contamination))
//   self.labels_ = (self.decision_scores_ > self.threshold_).astype('int').ravel()
//   self._mu = np.mean(self.decision_scores_); self._sigma = np.std(self.decision_scores_)
// and BaseDetector.predict_proba:
//   'linear': MinMaxScaler().fit(train_scores).transform(test_scores).clip(0, 1)
//   'unify':  erf((test_scores - self._mu) / (self._sigma * np.sqrt(2))).clip(0, 1)
// PyOD is not installable here; the numbers were computed with numpy 1.24 / scipy (Debian) from
// exactly those lines.
const SCORES = [0.12, 0.5, 0.33, 0.9, 0.05, 0.61, 0.27, 0.48, 0.75, 0.2, 0.33, 1.4];

/** numpy.percentile(values, q) ('linear'), written out here apart from the product's own. */
function numpyPercentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = (q / 100) * (sorted.length - 1);
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (index - lo);
}

test("threshold_ and labels_ follow PyOD's definition on a fixed score vector", () => {
  const expected: [number, number, number[]][] = [
    [0.1, 0.8850000000000001, [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]],
    [0.25, 0.645, [0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1]],
    [0.05, 1.1249999999999996, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
  ];
  for (const [contamination, threshold, labels] of expected) {
    const got = decisionThreshold(SCORES, contamination);
    assert.ok(Math.abs(got.threshold - threshold) < 1e-12, `contamination ${contamination}: threshold ${got.threshold} vs numpy ${threshold}`);
    assert.ok(Math.abs(got.threshold - numpyPercentile(SCORES, 100 * (1 - contamination))) < 1e-12);
    assert.deepEqual(Array.from(got.labels), labels, `contamination ${contamination}: labels_`);
  }
  assert.throws(() => decisionThreshold(SCORES, 0.6), { message: 'decisionThreshold: contamination must be in (0, 0.5], got 0.6' });
});

test("predictProba's 'linear' and 'unify' match PyOD's on the same training scores", () => {
  const summary = summarizeScores(SCORES);
  const tests = [0, 0.3, 0.6, 1, 2];
  const linear = [0, 0.1851851851851852, 0.4074074074074074, 0.7037037037037037, 1];
  const unify = [0, 0, 0.22684368682277875, 0.8343566964559342, 0.9999639699503277];
  for (const [method, want] of [['linear', linear], ['unify', unify]] as const) {
    const got = outlierProbabilities(tests, summary, method);
    got.forEach(([inlier, outlier], i) => {
      assert.ok(Math.abs(outlier! - want[i]!) < 1e-12, `${method} ${tests[i]}: ${outlier} vs ${want[i]}`);
      assert.ok(Math.abs(inlier! + outlier! - 1) < 1e-15);
    });
  }
  assert.throws(() => outlierProbabilities(tests, summary, 'rank' as never), /method must be one of linear, unify, got 'rank'/);
});

test('erf matches scipy.special.erf to 1e-14', () => {
  const cases: [number, number][] = [
    [0.1, 0.1124629160182849], [-0.5, -0.5204998778130465], [1.3, 0.9340079449406524], [2.4, 0.999311486103355],
    [2.6, 0.9997639655834707], [3.5, 0.9999992569016276], [-4.2, -0.9999999971445058], [0, 0],
  ];
  for (const [x, want] of cases) assert.ok(Math.abs(erf(x) - want) < 1e-14, `erf(${x}) = ${erf(x)}, scipy ${want}`);
});
