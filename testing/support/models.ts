/** Test-only: small real MNIST subsets as flat or image samples, a seeded quick fit, pixel statistics of images. */
import { loadDataset } from '../../src/data/index.js';
import { realDatasetDir } from './datasets.js';
import { datasetSamples, type SampleSet } from '../../src/data/samples.js';
import { fit } from '../../src/training/trainer.js';
import type { Autoencoder } from '../../src/models/autoencoder.js';

export async function mnistSamples(split: 'train' | 'test', limit: number, inputShape: number[] = [784]): Promise<SampleSet> {
  const dataset = await loadDataset('mnist', split, { dataDir: realDatasetDir('mnist'), limit, download: false });
  return datasetSamples(dataset, inputShape);
}

export async function quickFit(model: Autoencoder, set: SampleSet, epochs: number, seed = 1, learningRate = 1e-3, batchSize = 64): Promise<Record<string, number[]>> {
  return (await fit(model, set, { epochs, batchSize, learningRate, seed })).metrics;
}

/** Mean intensity and fraction of bright (> 0.5) pixels: what generated digits must share with the data. */
export function pixelStats(images: Float32Array): { mean: number; bright: number } {
  let sum = 0;
  let bright = 0;
  for (const v of images) {
    sum += v;
    if (v > 0.5) bright++;
  }
  return { mean: sum / images.length, bright: bright / images.length };
}
