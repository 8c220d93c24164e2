/**
 * Where to draw the line between normal and anomalous scores:
 * - 'contamination': flag the top `contamination` fraction of the scores being judged (the
 *   expected share of anomalies in that data, as scikit-learn's outlier detectors use it);
 * - 'percentile': the given percentile of the training scores (e.g. 99: 1% of normal training
 *   data would be flagged);
 * - 'max-train': the largest training score (nothing seen in training is flagged).
 * Samples scoring strictly above the threshold are anomalies. Percentiles interpolate linearly
 * between order statistics (numpy's default).
 */
export const THRESHOLD_METHODS = ['contamination', 'percentile', 'max-train'] as const;
export type ThresholdMethod = (typeof THRESHOLD_METHODS)[number];

export interface ThresholdOptions {
  method: ThresholdMethod;
  /** Fraction in (0, 0.5] for 'contamination' (default 0.1). */
  contamination?: number;
  /** In [0, 100] for 'percentile' (default 99). */
  percentile?: number;
}

/** numpy.percentile(values, q) with linear interpolation. */
export function percentile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new Error('percentile: no values (empty dataset)');
  if (!(q >= 0 && q <= 100)) throw new Error(`percentile must be from 0 to 100, got ${q}`);
  const sorted = Float64Array.from(values).sort();
  const position = ((sorted.length - 1) * q) / 100;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * The threshold for a method. `trainScores` are the scores of normal training data (needed by
 * 'percentile' and 'max-train'); `scores` are the ones being judged (needed by 'contamination').
 */
export function anomalyThreshold(options: ThresholdOptions, scores: ArrayLike<number>, trainScores?: ArrayLike<number>): number {
  switch (options.method) {
    case 'contamination': {
      const c = options.contamination ?? 0.1;
      if (!(c > 0 && c <= 0.5)) throw new Error(`contamination must be a fraction in (0, 0.5], got ${c}`);
      return percentile(scores, 100 * (1 - c));
    }
    case 'percentile': {
      if (!trainScores) throw new Error("threshold method 'percentile' needs the training scores");
      return percentile(trainScores, options.percentile ?? 99);
    }
    case 'max-train': {
      if (!trainScores || trainScores.length === 0) throw new Error("threshold method 'max-train' needs the training scores");
      let max = -Infinity;
      for (let i = 0; i < trainScores.length; i++) max = Math.max(max, trainScores[i]!);
      return max;
    }
    default:
      throw new Error(`unknown threshold method '${String(options.method)}': expected one of ${THRESHOLD_METHODS.join(', ')}`);
  }
}
