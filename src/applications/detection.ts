/**
 * Anomaly detection end to end: scores for the data being judged, a threshold (from those scores
 * or from normal training scores), the flags, and — when the truth is known — ROC-AUC, average
 * precision and precision/recall at the threshold. Also the CSV the CLI writes.
 */
import type { Autoencoder } from '../models/autoencoder.js';
import type { SampleSet } from '../data/samples.js';
import { formatFloat32 } from '../data/csv-write.js';
import { averagePrecision, precisionRecallAt, rocAuc } from '../evaluation/ranking.js';
import { anomalyScores } from './anomaly.js';
import { anomalyThreshold, type ThresholdOptions } from './threshold.js';

export interface DetectionResult {
  scores: Float32Array;
  threshold: number;
  flagged: Uint8Array;
  /** Present when the truth is known (labels and a normal class). */
  truth?: Uint8Array;
  rocAuc?: number;
  averagePrecision?: number;
  precision?: number;
  recall?: number;
}

// One-class selection lives with the samples (training uses it too); re-exported where it was.
export { onlyClass } from '../data/samples.js';

/** 1 for samples whose label is not the normal class. */
export function anomalyTruth(labels: Int32Array, normalClass: number): Uint8Array {
  return Uint8Array.from(labels, (l) => (l === normalClass ? 0 : 1));
}

export interface DetectOptions extends ThresholdOptions {
  /** Normal training data, for the 'percentile' and 'max-train' thresholds. */
  train?: SampleSet;
  /** Labels of this class are normal, the rest anomalies: enables ROC-AUC and AP. */
  normalClass?: number;
  /** The truth itself (1 = anomaly), e.g. in-distribution vs out-of-distribution; wins over normalClass. */
  truth?: Uint8Array;
  batchSize?: number;
}

/**
 * Out-of-distribution detection as one set: the in-distribution samples (truth 0) followed by
 * the samples of another dataset (truth 1), e.g. MNIST test digits then Fashion-MNIST clothes.
 */
export function outOfDistributionSet(inDistribution: SampleSet, outOfDistribution: SampleSet): { set: SampleSet; truth: Uint8Array } {
  if (inDistribution.sampleShape.join('x') !== outOfDistribution.sampleShape.join('x')) {
    throw new Error(`out-of-distribution data: samples of shape [${outOfDistribution.sampleShape.join(', ')}] cannot be scored beside in-distribution samples of shape [${inDistribution.sampleShape.join(', ')}]`);
  }
  const data = new Float32Array(inDistribution.data.length + outOfDistribution.data.length);
  data.set(inDistribution.data);
  data.set(outOfDistribution.data, inDistribution.data.length);
  const count = inDistribution.count + outOfDistribution.count;
  const truth = new Uint8Array(count).fill(1, inDistribution.count);
  return { set: { data, count, sampleShape: inDistribution.sampleShape }, truth };
}

/**
 * Scores every sample (reconstruction error, or negative ELBO for a VAE), picks the threshold by
 * `options.method`, flags the samples above it and, when labels or truth are known, measures ROC-AUC,
 * PR-AUC, precision and recall.
 *
 * @example
 * const result = await applications.detectAnomalies(model, testSet, { method: 'contamination', contamination: 0.1, percentile: 99, normalClass: 1 });
 * console.log(result.threshold, result.rocAuc);
 */
export async function detectAnomalies(model: Autoencoder, set: SampleSet, options: DetectOptions): Promise<DetectionResult> {
  const scores = await anomalyScores(model, set, options.batchSize);
  const trainScores = options.method === 'contamination' ? undefined : options.train ? await anomalyScores(model, options.train, options.batchSize) : undefined;
  return judgeScores(scores, trainScores, set.labels, options);
}

/**
 * From scores to a detection: the threshold, the flagged samples and, given labels and a normal
 * class, ROC-AUC, average precision and the threshold's precision/recall. Shared by the in-memory
 * and the streamed passes, which differ only in how they obtain the scores.
 */
export function judgeScores(scores: Float32Array, trainScores: Float32Array | undefined, labels: Int32Array | undefined, options: ThresholdOptions & { normalClass?: number; truth?: Uint8Array }): DetectionResult {
  const threshold = anomalyThreshold(options, scores, trainScores);
  const flagged = Uint8Array.from(scores, (s) => (s > threshold ? 1 : 0));
  const result: DetectionResult = { scores, threshold, flagged };
  let truth = options.truth;
  if (!truth && options.normalClass !== undefined) {
    if (!labels) throw new Error(`--normal-class ${options.normalClass}: the dataset has no labels`);
    truth = anomalyTruth(labels, options.normalClass);
  }
  if (truth) {
    const { precision, recall } = precisionRecallAt(scores, truth, threshold);
    Object.assign(result, { truth, rocAuc: rocAuc(scores, truth), averagePrecision: averagePrecision(scores, truth), precision, recall });
  }
  return result;
}

/** index,score,anomaly[,label][,is_anomaly]: one row per sample. */
export function detectionCsv(result: DetectionResult, labels?: Int32Array): string {
  const header = ['index', 'score', 'anomaly', ...(labels ? ['label'] : []), ...(result.truth ? ['is_anomaly'] : [])];
  const lines = [header.join(',')];
  for (let i = 0; i < result.scores.length; i++) {
    const row = [String(i), formatFloat32(result.scores[i]!), String(result.flagged[i])];
    if (labels) row.push(String(labels[i]));
    if (result.truth) row.push(String(result.truth[i]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
