/**
 * Anomaly detection end to end: scores for the data being judged, a threshold (from those scores
 * or from normal training scores), the flags, and — when the truth is known — ROC-AUC, average
 * precision and precision/recall at the threshold. Also the CSV the CLI writes.
 */
import type { Autoencoder } from '../models/autoencoder.js';
import type { SampleSet } from '../data/samples.js';
import { formatFloat32 } from '../data/index.js';
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

/** Keep only samples of one class (one-class training: the normal class). */
export function onlyClass(set: SampleSet, label: number): SampleSet {
  if (!set.labels) throw new Error(`normal class ${label}: the dataset has no labels to select it by`);
  const size = set.data.length / set.count;
  const picked: number[] = [];
  for (let i = 0; i < set.count; i++) if (set.labels[i] === label) picked.push(i);
  if (picked.length === 0) throw new Error(`normal class ${label}: no samples have this label`);
  const data = new Float32Array(picked.length * size);
  picked.forEach((src, k) => data.set(set.data.subarray(src * size, (src + 1) * size), k * size));
  return { data, count: picked.length, sampleShape: set.sampleShape, labels: Int32Array.from(picked, () => label) };
}

/** 1 for samples whose label is not the normal class. */
export function anomalyTruth(labels: Int32Array, normalClass: number): Uint8Array {
  return Uint8Array.from(labels, (l) => (l === normalClass ? 0 : 1));
}

export interface DetectOptions extends ThresholdOptions {
  /** Normal training data, for the 'percentile' and 'max-train' thresholds. */
  train?: SampleSet;
  /** Labels of this class are normal, the rest anomalies: enables ROC-AUC and AP. */
  normalClass?: number;
  batchSize?: number;
}

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
export function judgeScores(scores: Float32Array, trainScores: Float32Array | undefined, labels: Int32Array | undefined, options: ThresholdOptions & { normalClass?: number }): DetectionResult {
  const threshold = anomalyThreshold(options, scores, trainScores);
  const flagged = Uint8Array.from(scores, (s) => (s > threshold ? 1 : 0));
  const result: DetectionResult = { scores, threshold, flagged };
  if (options.normalClass !== undefined) {
    if (!labels) throw new Error(`--normal-class ${options.normalClass}: the dataset has no labels`);
    const truth = anomalyTruth(labels, options.normalClass);
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
