/**
 * What the latent explorer and the anomaly view show for a run: its saved model applied to the
 * first test samples of the run's dataset. Results are cached per run and model folder version,
 * since encoding and scoring a thousand images takes a moment on the slower engines.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadAutoencoder } from '../io/model-io.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { datasetSamples, type SampleSet } from '../data/samples.js';
import { fitPca } from '../evaluation/pca.js';
import { anomalyScores, isVariational } from '../applications/anomaly.js';
import { encodeAll } from '../models/inference.js';
import { loadSplit } from '../data/splits.js';
import { runFile } from '../training/run-layout.js';
import type { ImageDataset } from '../data/index.js';
import { HttpError } from './http-util.js';
import { affineLift, identityLift, type LatentLift } from './latent-plane.js';
import { modelFolderOf } from './runs.js';
import { confinedReader } from './safe-path.js';

export interface AnalysisOptions {
  /** The runs folder: nothing is read outside it. */
  runsDir: string;
  /** Test samples analysed (the first N of the test split). */
  samples: number;
  /** Where the builtin datasets are (else the usual lookup: AEKIT_DATA_DIR, cache, packages). */
  dataDir?: string;
}

export interface LatentView {
  modelFolder: string;
  codeShape: number[];
  projection: 'identity' | 'pca';
  /** x0, y0, x1, y1, ... of every analysed test sample. */
  points: number[];
  labels: number[] | null;
  classNames: string[] | null;
  lift: LatentLift;
  variational: boolean;
  /** Shape of one decoded image [h, w, c] (the decoder's output is reshaped to it). */
  imageShape: number[];
}

export interface AnomalyView {
  modelFolder: string;
  scores: number[];
  labels: number[] | null;
  classNames: string[] | null;
  imageShape: number[];
  /** Every analysed test image, pixels as bytes 0-255 (count x h x w x c), base64. */
  images: string;
}

interface Loaded {
  model: Autoencoder;
  modelFolder: string;
  dataset: ImageDataset;
  samples: SampleSet;
}

async function loadForAnalysis(runDir: string, options: AnalysisOptions): Promise<Loaded> {
  const modelFolder = await modelFolderOf(options.runsDir, runDir);
  if (!modelFolder) throw new HttpError(404, `run ${path.basename(runDir)}: no saved model yet (best/ or last/ with a decoder)`);
  let config: { dataset?: unknown; imageSize?: unknown };
  try {
    const text = await confinedReader(options.runsDir)(runFile(runDir, 'config'));
    if (text === undefined) throw new Error('no such file');
    config = JSON.parse(text) as typeof config;
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(404, `${runFile(runDir, 'config')}: cannot read the run's config (${(error as Error).message})`);
  }
  if (typeof config.dataset !== 'string') throw new HttpError(422, `${runFile(runDir, 'config')}: expected a 'dataset' name or path, found ${JSON.stringify(config.dataset)}`);
  const { autoencoder } = await loadAutoencoder(path.join(runDir, modelFolder));
  const imageSize = Array.isArray(config.imageSize) && config.imageSize.length === 2 ? (config.imageSize as [number, number]) : undefined;
  const dataset = await loadSplit(
    { dataset: config.dataset, download: false, limit: options.samples, ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(imageSize ? { imageSize } : {}) },
    'test',
  );
  return { model: autoencoder, modelFolder, dataset, samples: datasetSamples(dataset, autoencoder.inputShape) };
}

export async function computeLatentView(runDir: string, options: AnalysisOptions): Promise<LatentView> {
  const { model, modelFolder, dataset, samples } = await loadForAnalysis(runDir, options);
  const { data: codes, size: codeSize } = await encodeAll(model, samples, 256);
  let points: Float32Array;
  let lift: LatentLift;
  let projection: LatentView['projection'];
  if (codeSize <= 2) {
    projection = 'identity';
    lift = identityLift(codeSize);
    points = new Float32Array(samples.count * 2);
    for (let i = 0; i < samples.count; i++) {
      points[2 * i] = codes[i * codeSize]!;
      points[2 * i + 1] = codeSize === 2 ? codes[i * codeSize + 1]! : 0;
    }
  } else {
    projection = 'pca';
    const pca = fitPca(codes, samples.count, codeSize, 2);
    points = pca.transform(codes, samples.count);
    lift = affineLift((plane, count) => pca.inverseTransform(plane, count));
  }
  return {
    modelFolder,
    codeShape: model.codeShape,
    projection,
    points: Array.from(points),
    labels: dataset.labels ? Array.from(dataset.labels) : null,
    classNames: dataset.classNames ?? null,
    lift,
    variational: isVariational(model, samples),
    imageShape: [...dataset.shape],
  };
}

export async function computeAnomalyView(runDir: string, options: AnalysisOptions): Promise<AnomalyView> {
  const { model, modelFolder, dataset, samples } = await loadForAnalysis(runDir, options);
  const scores = await anomalyScores(model, samples);
  const bytes = new Uint8Array(dataset.images.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, dataset.images[i]!)) * 255);
  return {
    modelFolder,
    scores: Array.from(scores),
    labels: dataset.labels ? Array.from(dataset.labels) : null,
    classNames: dataset.classNames ?? null,
    imageShape: [...dataset.shape],
    images: Buffer.from(bytes).toString('base64'),
  };
}

/** Caches a computation per run, keyed by the saved model's modification time. */
export class AnalysisCache<T> {
  private readonly entries = new Map<string, { key: number; value: Promise<T> }>();

  constructor(
    private readonly runsDir: string,
    private readonly compute: (runDir: string) => Promise<T>,
  ) {}

  async get(runDir: string): Promise<T> {
    const folder = await modelFolderOf(this.runsDir, runDir);
    const key = folder ? (await fs.stat(path.join(runDir, folder, 'weights.bin')).catch(() => null))?.mtimeMs ?? 0 : 0;
    const cached = this.entries.get(runDir);
    if (cached && cached.key === key) return cached.value;
    const value = this.compute(runDir);
    this.entries.set(runDir, { key, value });
    value.catch(() => this.entries.delete(runDir));
    return value;
  }
}
