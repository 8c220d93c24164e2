/**
 * Denoising with a trained model: corrupt clean images (the same noise functions the denoising
 * variants train with), reconstruct them, and measure PSNR against the clean images before and
 * after; plus the noisy / denoised / clean figure.
 */
import type { Autoencoder } from '../models/autoencoder.js';
import { checkNoise, corrupt, type NoiseConfig } from '../models/variants/corruption.js';
import { mapSamples } from '../data/samples.js';
import { imageShapeOf, psnrPerImage } from '../evaluation/image-quality.js';
import { mean } from '../evaluation/per-sample.js';
import type { SampleSet } from '../data/samples.js';
import { Random } from '../util/random.js';
import { comparisonGrid } from '../viz/comparison-grid.js';
import type { Figure } from '../viz/figure.js';
import { checkSamplesFit, reconstructAll } from '../models/inference.js';

/** A corrupted copy of the samples; the same seed gives the same noise. */
export async function corruptSamples(set: SampleSet, noise: NoiseConfig, seed: number): Promise<SampleSet> {
  checkNoise(noise, 'corruptSamples');
  const random = Random.derive(seed, 0xd0e5);
  const noisy = await mapSamples(set, (batch) => corrupt(batch, noise, random));
  return { ...noisy, sampleShape: set.sampleShape, ...(set.labels ? { labels: set.labels } : {}) };
}

export interface DenoiseResult {
  noisy: Float32Array;
  denoised: Float32Array;
  /** Mean over images of PSNR (dB) against the clean images. */
  psnrNoisy: number;
  psnrDenoised: number;
  count: number;
}

/** Corrupts `clean` with `noise` (seeded), reconstructs the noisy copies and measures PSNR before and after. */
export async function denoiseSamples(model: Autoencoder, clean: SampleSet, noise: NoiseConfig, seed = 0): Promise<DenoiseResult> {
  checkSamplesFit(model, clean, 'denoise');
  const noisy = await corruptSamples(clean, noise, seed);
  const denoised = await reconstructAll(model, noisy);
  const shape = imageShapeOf(clean.sampleShape);
  return {
    noisy: noisy.data,
    denoised,
    psnrNoisy: mean(psnrPerImage(clean.data, noisy.data, shape)),
    psnrDenoised: mean(psnrPerImage(clean.data, denoised, shape)),
    count: clean.count,
  };
}

/** Rows noisy / denoised / clean of the first `count` images. */
export function denoisingFigure(result: DenoiseResult, clean: SampleSet, count = 10, title?: string): Figure {
  const shape = imageShapeOf(clean.sampleShape);
  return comparisonGrid(
    [
      { label: 'noisy', images: result.noisy },
      { label: 'denoised', images: result.denoised },
      { label: 'clean', images: clean.data },
    ],
    shape,
    { count: Math.min(count, clean.count), ...(title ? { title } : {}) },
  );
}
