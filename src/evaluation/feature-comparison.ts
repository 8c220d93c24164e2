/**
 * Feature extraction, measured: linear-probe and kNN accuracy of an autoencoder's codes beside
 * raw pixels and PCA codes of the same size (PCA fitted on the same training samples).
 */
import type { Autoencoder } from '../models/autoencoder.js';
import type { SampleSet } from '../data/samples.js';
import { encodeAll } from '../models/inference.js';
import { fitPca } from './pca.js';
import { knnAccuracy, linearProbeAccuracy, type Features, type LinearProbeOptions } from './probe.js';

export interface FeatureScore {
  features: 'codes' | 'pixels' | 'pca';
  dim: number;
  linearProbe: number;
  knn: number;
}

export interface CompareOptions {
  /** Training samples used (default 5,000): kNN and the probe cost count x dim. */
  trainLimit?: number;
  /** Test samples used (default 1,000). */
  testLimit?: number;
  k?: number;
  probe?: LinearProbeOptions;
  batchSize?: number;
}

function head(set: SampleSet, limit: number, what: string): SampleSet {
  if (!set.labels) throw new Error(`${what}: feature comparison needs class labels, and this dataset has none`);
  const count = Math.min(set.count, limit);
  if (count < 1) throw new Error(`${what}: the dataset is empty`);
  const size = set.data.length / set.count;
  return { data: set.data.subarray(0, count * size), count, sampleShape: set.sampleShape, labels: set.labels.subarray(0, count) };
}

function asFeatures(data: Float32Array, set: SampleSet): Features {
  return { data, count: set.count, dim: data.length / set.count, labels: set.labels! };
}

/** Linear-probe and kNN accuracy of the model's codes, of raw pixels and of PCA codes of the same size, on the same splits. */
export async function compareFeatures(model: Autoencoder, trainSet: SampleSet, testSet: SampleSet, options: CompareOptions = {}): Promise<FeatureScore[]> {
  const train = head(trainSet, options.trainLimit ?? 5000, 'training data');
  const test = head(testSet, options.testLimit ?? 1000, 'test data');
  const k = Math.min(options.k ?? 5, train.count);
  const score = (features: FeatureScore['features'], a: Features, b: Features): FeatureScore => ({
    features,
    dim: a.dim,
    linearProbe: linearProbeAccuracy(a, b, options.probe),
    knn: knnAccuracy(a, b, k),
  });
  const trainCodes = await encodeAll(model, train, options.batchSize);
  const testCodes = await encodeAll(model, test, options.batchSize);
  const codes = score('codes', asFeatures(trainCodes.data, train), asFeatures(testCodes.data, test));
  const pixels = score('pixels', asFeatures(train.data, train), asFeatures(test.data, test));
  const dim = train.data.length / train.count;
  const pca = fitPca(train.data, train.count, dim, Math.min(codes.dim, dim, train.count - 1));
  const pcaScore = score('pca', asFeatures(pca.transform(train.data, train.count), train), asFeatures(pca.transform(test.data, test.count), test));
  return [codes, pixels, pcaScore];
}
