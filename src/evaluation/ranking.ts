/**
 * Ranking metrics for anomaly scores (higher score = more anomalous): ROC-AUC, average precision
 * (the area under the precision-recall curve as scikit-learn computes it) and precision/recall at
 * a threshold. Tied scores are handled exactly: they count as half-correct in the ROC-AUC and form
 * one step of the precision-recall curve, so the result never depends on the input order.
 */

export type AnomalyFlags = boolean[] | Uint8Array;

interface Checked {
  n: number;
  positives: number;
}

function check(scores: ArrayLike<number>, isAnomaly: AnomalyFlags, what: string, needBothClasses: boolean): Checked {
  if (scores.length === 0) throw new Error(`${what}: no scores given (empty dataset)`);
  if (scores.length !== isAnomaly.length) {
    throw new Error(`${what}: ${scores.length} scores but ${isAnomaly.length} anomaly flags; they must be the same length`);
  }
  let positives = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i]!)) throw new Error(`${what}: score ${i} is NaN`);
    if (isAnomaly[i]) positives++;
  }
  if (needBothClasses && (positives === 0 || positives === scores.length)) {
    throw new Error(`${what}: needs both normal and anomalous samples, found ${positives} anomalies among ${scores.length} samples`);
  }
  return { n: scores.length, positives };
}

interface TiedGroup {
  size: number;
  /** How many of the group are anomalies. */
  positives: number;
}

/** The samples in groups of equal score, highest score first: ties are judged as one. */
function* tiedGroups(scores: ArrayLike<number>, isAnomaly: AnomalyFlags): Generator<TiedGroup> {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  for (let start = 0; start < order.length; ) {
    let end = start;
    let positives = 0;
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) {
      if (isAnomaly[order[end]!]) positives++;
      end++;
    }
    yield { size: end - start, positives };
    start = end;
  }
}

/**
 * Area under the ROC curve: the probability that a random anomaly scores higher than a random
 * normal sample, ties counting one half (the Mann-Whitney U statistic over positives x negatives).
 */
export function rocAuc(scores: ArrayLike<number>, isAnomaly: AnomalyFlags): number {
  const { n, positives } = check(scores, isAnomaly, 'rocAuc', true);
  const negatives = n - positives;
  // From the top: each anomaly beats every normal sample below its group and ties with the
  // normal samples inside it.
  let normalsBelowCount = negatives;
  let u = 0;
  for (const group of tiedGroups(scores, isAnomaly)) {
    const groupNegatives = group.size - group.positives;
    normalsBelowCount -= groupNegatives;
    u += group.positives * (normalsBelowCount + groupNegatives / 2);
  }
  return u / (positives * negatives);
}

/**
 * Average precision: sum over distinct score thresholds (highest first) of
 * (recall_k - recall_{k-1}) * precision_k, scikit-learn's `average_precision_score`.
 */
export function averagePrecision(scores: ArrayLike<number>, isAnomaly: AnomalyFlags): number {
  const { n, positives } = check(scores, isAnomaly, 'averagePrecision', false);
  if (positives === 0) throw new Error(`averagePrecision: needs at least one anomaly, found none among ${n} samples`);
  let truePositives = 0;
  let flagged = 0;
  let ap = 0;
  for (const group of tiedGroups(scores, isAnomaly)) {
    truePositives += group.positives;
    flagged += group.size;
    ap += (group.positives / positives) * (truePositives / flagged);
  }
  return ap;
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  /** Samples flagged (score > threshold). */
  flagged: number;
}

/**
 * Precision and recall when samples scoring strictly above `threshold` are flagged as anomalies.
 * With nothing flagged precision is 0 (scikit-learn's zero_division default); with no anomalies
 * in the data recall is 0.
 */
export function precisionRecallAt(scores: ArrayLike<number>, isAnomaly: AnomalyFlags, threshold: number): PrecisionRecall {
  const { n, positives } = check(scores, isAnomaly, 'precisionRecallAt', false);
  if (Number.isNaN(threshold)) throw new Error('precisionRecallAt: threshold is NaN');
  let flagged = 0;
  let truePositives = 0;
  for (let i = 0; i < n; i++) {
    if (scores[i]! > threshold) {
      flagged++;
      if (isAnomaly[i]) truePositives++;
    }
  }
  return {
    precision: flagged === 0 ? 0 : truePositives / flagged,
    recall: positives === 0 ? 0 : truePositives / positives,
    flagged,
  };
}
