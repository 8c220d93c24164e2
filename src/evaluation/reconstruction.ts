/**
 * How well a model reconstructs a sample set, in every measure the literature reports: MSE per
 * pixel, sum of squared errors per image (Hinton & Salakhutdinov 2006), binary cross-entropy per
 * pixel (Keras), PSNR and SSIM per image (averaged). Optionally beside a PCA of the same code size
 * fitted on training data, the linear baseline every autoencoder should beat.
 */
import type { Autoencoder } from '../models/autoencoder.js';
import { reconstructAll, checkSamplesFit } from '../models/inference.js';
import type { SampleSet } from '../data/samples.js';
import { fitPca, type Pca } from './pca.js';
import { mean, perSampleErrors } from './per-sample.js';
import { imageShapeOf, psnrPerImage, ssimPerImage, type ImageShape } from './image-quality.js';

export interface ReconstructionMetrics {
  /** Mean squared error per pixel. */
  mse: number;
  /** Sum of squared errors per image. */
  sse: number;
  /** Binary cross-entropy per pixel (Keras-clipped). */
  bce: number;
  /** Mean over images of PSNR in dB (data range 1). */
  psnr: number;
  /** Mean over images of SSIM (11x11 Gaussian window, sigma 1.5, as tf.image.ssim). */
  ssim: number;
  count: number;
}

export interface PcaBaselineMetrics extends ReconstructionMetrics {
  components: number;
  /** Training samples the PCA was fitted on. */
  fittedOn: number;
  /** Share of the training variance the components keep. */
  explainedVarianceRatio: number;
}

export interface EvaluationResult extends ReconstructionMetrics {
  pca?: PcaBaselineMetrics;
}

export interface EvaluateOptions {
  batchSize?: number;
  /** Image shape for SSIM; by default the samples' own [h, w, c], or a square for flat samples. */
  imageShape?: ImageShape;
  pcaBaseline?: {
    train: SampleSet;
    /** Fit on at most this many training samples (the covariance costs count x dim^2); default 10,000. */
    maxSamples?: number;
    /** Components; default the model's code size. */
    components?: number;
  };
}

export const DEFAULT_PCA_SAMPLES = 10_000;

/** All metrics of reconstructions against originals (flat, count samples). */
export function reconstructionMetrics(originals: Float32Array, reconstructions: Float32Array, count: number, imageShape: ImageShape): ReconstructionMetrics {
  return {
    mse: mean(perSampleErrors(originals, reconstructions, count, 'mse')),
    sse: mean(perSampleErrors(originals, reconstructions, count, 'sse')),
    bce: mean(perSampleErrors(originals, reconstructions, count, 'bce')),
    psnr: mean(psnrPerImage(originals, reconstructions, imageShape)),
    ssim: mean(ssimPerImage(originals, reconstructions, imageShape)),
    count,
  };
}

/** PCA fitted on the first `maxSamples` training samples. */
export function fitPcaBaseline(train: SampleSet, components: number, maxSamples = DEFAULT_PCA_SAMPLES): Pca {
  if (train.count < 2) throw new Error(`PCA baseline: needs at least 2 training samples, found ${train.count}`);
  const dim = train.data.length / train.count;
  const count = Math.min(train.count, maxSamples);
  return fitPca(train.data.subarray(0, count * dim), count, dim, Math.min(components, dim, count));
}

/** PCA reconstructions (project onto the components and back) of a sample set. */
export function pcaReconstruct(pca: Pca, set: SampleSet): Float32Array {
  return pca.inverseTransform(pca.transform(set.data, set.count), set.count);
}

export function codeSizeOf(model: Autoencoder): number {
  return model.codeShape.reduce((a, b) => a * b, 1);
}

export async function evaluateReconstruction(model: Autoencoder, samples: SampleSet, options: EvaluateOptions = {}): Promise<EvaluationResult> {
  checkSamplesFit(model, samples, 'evaluateReconstruction');
  const imageShape = options.imageShape ?? imageShapeOf(samples.sampleShape);
  const reconstructions = await reconstructAll(model, samples, options.batchSize ?? 256);
  const result: EvaluationResult = reconstructionMetrics(samples.data, reconstructions, samples.count, imageShape);
  const baseline = options.pcaBaseline;
  if (baseline) {
    checkSamplesFit(model, baseline.train, 'PCA baseline training data');
    result.pca = evaluatePcaBaseline(baseline.train, samples, baseline.components ?? codeSizeOf(model), imageShape, baseline.maxSamples).metrics;
  }
  return result;
}

/** PCA of `components` fitted on training samples, measured on `samples` like a model. */
export function evaluatePcaBaseline(
  train: SampleSet,
  samples: SampleSet,
  components: number,
  imageShape: ImageShape,
  maxSamples = DEFAULT_PCA_SAMPLES,
): { metrics: PcaBaselineMetrics; reconstructions: Float32Array } {
  const pca = fitPcaBaseline(train, components, maxSamples);
  const reconstructions = pcaReconstruct(pca, samples);
  const fitted = Math.min(train.count, maxSamples);
  const total = totalVariance(train.data, fitted, pca.dim);
  const kept = pca.explainedVariance.reduce((a, b) => a + b, 0);
  const metrics = { ...reconstructionMetrics(samples.data, reconstructions, samples.count, imageShape), components: pca.k, fittedOn: fitted, explainedVarianceRatio: total > 0 ? kept / total : 1 };
  return { metrics, reconstructions };
}

/** Sum of the per-feature sample variances of the first `count` samples. */
function totalVariance(data: Float32Array, count: number, dim: number): number {
  let total = 0;
  for (let j = 0; j < dim; j++) {
    let s = 0;
    let s2 = 0;
    for (let n = 0; n < count; n++) {
      const v = data[n * dim + j]!;
      s += v;
      s2 += v * v;
    }
    total += (s2 - (s * s) / count) / Math.max(1, count - 1);
  }
  return total;
}
