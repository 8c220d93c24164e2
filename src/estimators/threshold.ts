/**
 * PyOD's reading of decision scores (pyod/models/base.py, BaseDetector._process_decision_scores
 * and predict_proba): the threshold is the (1 - contamination) percentile of the training scores
 * (numpy's linear interpolation), a sample is an outlier when its score is strictly above it, and
 * an outlier probability is either the score min-max scaled by the training scores ('linear') or
 * erf((score - mean) / (std * sqrt 2)) of the training scores ('unify', Kriegel et al. 2011),
 * both clipped to [0, 1].
 */
import { percentile } from '../applications/threshold.js';

/** How `predictProba` turns scores into probabilities (PyOD's names). */
export const PROBABILITY_METHODS = ['linear', 'unify'] as const;
export type ProbabilityMethod = (typeof PROBABILITY_METHODS)[number];

export function checkContamination(contamination: number, what: string): number {
  if (!(contamination > 0 && contamination <= 0.5)) throw new Error(`${what}: contamination must be in (0, 0.5], got ${contamination}`);
  return contamination;
}

/** PyOD's threshold_ and labels_ from the training scores. */
export function decisionThreshold(decisionScores: ArrayLike<number>, contamination: number): { threshold: number; labels: Uint8Array } {
  const threshold = percentile(decisionScores, 100 * (1 - checkContamination(contamination, 'decisionThreshold')));
  return { threshold, labels: Uint8Array.from(decisionScores as ArrayLike<number>, (s) => (s > threshold ? 1 : 0)) };
}

/** What predict_proba needs of the training scores: their min, max, mean and (population) std. */
export interface ScoreSummary {
  min: number;
  max: number;
  mean: number;
  std: number;
}

/** Min, max, mean and standard deviation of a score vector. */
export function summarizeScores(scores: ArrayLike<number>): ScoreSummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) (min = Math.min(min, scores[i]!)), (max = Math.max(max, scores[i]!)), (sum += scores[i]!);
  const mean = sum / scores.length;
  let squares = 0;
  for (let i = 0; i < scores.length; i++) squares += (scores[i]! - mean) ** 2;
  return { min, max, mean, std: Math.sqrt(squares / scores.length) };
}

/** Each sample's [P(inlier), P(outlier)], as PyOD's predict_proba returns them. */
export function outlierProbabilities(scores: ArrayLike<number>, train: ScoreSummary, method: ProbabilityMethod): number[][] {
  const clip = (p: number) => Math.min(1, Math.max(0, p));
  let outlier: (score: number) => number;
  if (method === 'linear') {
    // sklearn's MinMaxScaler leaves a zero range unscaled (divides by 1).
    const range = train.max - train.min || 1;
    outlier = (score) => clip((score - train.min) / range);
  } else if (method === 'unify') {
    outlier = (score) => clip(erf((score - train.mean) / (train.std * Math.SQRT2)));
  } else {
    throw new Error(`predictProba: method must be one of ${PROBABILITY_METHODS.join(', ')}, got '${String(method)}'`);
  }
  return Array.from(scores, (score) => {
    const p = outlier(score);
    return [1 - p, p];
  });
}

/**
 * The error function, to double precision: its Maclaurin series for |x| < 2.5, else the
 * continued fraction of erfc (Abramowitz & Stegun 7.1.5 and 7.1.14).
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  if (a < 2.5) {
    let term = a;
    let sum = a;
    for (let n = 1; n < 200 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
      term *= (-a * a) / n;
      sum += term / (2 * n + 1);
    }
    return (sign * 2 * sum) / Math.sqrt(Math.PI);
  }
  if (a > 6) return sign;
  // erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...))))), evaluated from the tail.
  let fraction = a;
  for (let k = 60; k >= 1; k--) fraction = a + k / 2 / fraction;
  return sign * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / fraction);
}
