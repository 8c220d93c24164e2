/**
 * The seed's figure: the first test images above their reconstructions, as a PNG.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from '../models/autoencoder.js';
import { comparisonGrid, writeFigure } from '../viz/index.js';
import { gatherBatch, type SampleSet } from '../data/samples.js';

export const PREVIEW_COUNT = 10;

export function reconstructPreview(model: Autoencoder, samples: SampleSet, count = PREVIEW_COUNT): { originals: Float32Array; reconstructions: Float32Array } {
  const n = Math.min(count, samples.count);
  return tf.tidy(() => {
    const batch = gatherBatch(samples, null, 0, n);
    const output = model.reconstructBatch(batch, false);
    return { originals: batch.dataSync() as Float32Array, reconstructions: output.dataSync() as Float32Array };
  });
}

export async function writeReconstructionPng(file: string, model: Autoencoder, samples: SampleSet, imageShape: [number, number, number], title?: string): Promise<void> {
  const { originals, reconstructions } = reconstructPreview(model, samples);
  const grid = comparisonGrid(
    [
      { label: 'original', images: originals },
      { label: 'reconstruction', images: reconstructions },
    ],
    imageShape,
    title ? { title } : {},
  );
  await writeFigure(file, grid);
}
