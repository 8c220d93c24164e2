/**
 * The report of one run: summary, training curves, reconstruction grids, test metrics with the
 * PCA baseline, the code space, denoising and (for a VAE) generation. The caller supplies the
 * model and data; this module reads the run folder's JSON files and computes everything else.
 */
import { promises as fs } from 'node:fs';
import type { Autoencoder } from '../models/autoencoder.js';
import { summarize } from '../models/summary.js';
import type { SampleSet } from '../data/samples.js';
import { runFile } from '../training/run-layout.js';
import { readRunStatus } from '../training/run-status.js';
import type { History } from '../training/trainer.js';
import { comparisonGrid, lineChart, type Figure, type ImageShape } from '../viz/index.js';
import { codeSizeOf, evaluatePcaBaseline, reconstructionMetrics, type EvaluationResult } from '../evaluation/reconstruction.js';
import { mean } from '../evaluation/per-sample.js';
import { ssimPerImage } from '../evaluation/image-quality.js';
import { isVariational } from '../applications/anomaly.js';
import { reconstructAll } from '../models/inference.js';
import { encodeAll } from '../models/inference.js';
import { embeddingPlot } from '../applications/embedding.js';
import { denoiseSamples, denoisingFigure } from '../applications/denoising.js';
import { interpolationFigure, manifoldFigure, priorSamplesFigure } from '../applications/generation-figures.js';
import type { NoiseConfig } from '../models/variants/corruption.js';
import type { Block, ReportDocument, Section } from './document.js';

export interface RunReportInput {
  runDir: string;
  model: Autoencoder;
  /** Test samples (metrics, grids); labels colour the code plot. */
  test: SampleSet;
  /** Training samples for the PCA baseline. */
  train: SampleSet;
  imageShape: ImageShape;
  datasetName: string;
  classNames?: string[];
  /** Training samples the PCA is fitted on (default 10,000). */
  pcaSamples?: number;
}

export const REPORT_NOISES: NoiseConfig[] = [
  { noise: 'gaussian', noiseLevel: 0.4 },
  { noise: 'salt-pepper', noiseLevel: 0.1 },
  { noise: 'masking', noiseLevel: 0.3 },
];

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file}: cannot read it as JSON (${(error as Error).message})`);
  }
}

const figure = (caption: string, drawn: Figure): Block => ({ kind: 'figure', caption, figure: drawn });
const fmt = (v: number, digits: number) => v.toFixed(digits);

function summarySection(input: RunReportInput, config: Record<string, unknown> | undefined, status: Record<string, unknown> | undefined): Section {
  const summary = summarize(input.model.model);
  const facts: string[][] = [
    ['model', input.model.name],
    ['dataset', input.datasetName],
    ['loss', input.model.spec.loss],
    ['input shape', input.model.inputShape.join('x')],
    ['code shape', input.model.codeShape.join('x')],
    ['parameters', summary.totalParams.toLocaleString('en-US')],
  ];
  if (status) facts.push(['state', `${String(status['state'])}, ${String(status['epochsDone'])} of ${String(status['epochs'])} epochs`]);
  if (config) facts.push(['created', String(config['createdAt'] ?? '')], ['backend', String(config['backend'] ?? '')], ['seed', String(config['seed'] ?? '')]);
  return {
    id: 'summary',
    title: 'Summary',
    blocks: [
      { kind: 'table', header: ['', ''], rows: facts },
      { kind: 'table', header: ['Layer (type)', 'Output shape', 'Param #'], rows: summary.rows.map((r) => [`${r.name} (${r.type})`, r.outputShape, r.params.toLocaleString('en-US')]) },
      { kind: 'text', text: `Total params: ${summary.totalParams.toLocaleString('en-US')}; trainable ${summary.trainableParams.toLocaleString('en-US')}; non-trainable ${summary.nonTrainableParams.toLocaleString('en-US')}.` },
    ],
  };
}

function curvesSection(history: History | undefined, modelName: string): Section {
  if (!history || history.epoch.length === 0) return { id: 'curves', title: 'Training curves', blocks: [{ kind: 'text', text: 'No metrics.json in this run folder: no epoch has completed.' }] };
  const x = history.epoch.map((e) => e + 1);
  const losses = Object.entries(history.metrics).filter(([name]) => name !== 'lr');
  const blocks: Block[] = [figure('loss terms per epoch (train and validation)', lineChart(losses.map(([name, values]) => ({ name, values, x })), { title: `${modelName}: loss per epoch`, xLabel: 'epoch', yLabel: 'loss' }))];
  if (history.metrics['lr']) blocks.push(figure('learning rate per epoch', lineChart([{ name: 'lr', values: history.metrics['lr'], x }], { title: `${modelName}: learning rate per epoch`, xLabel: 'epoch', yLabel: 'learning rate', logY: history.metrics['lr'].every((v) => v > 0) })));
  const last = history.epoch.length - 1;
  blocks.push({ kind: 'table', header: ['metric', 'last epoch', 'best'], rows: losses.map(([name, values]) => [name, fmt(values[last]!, 5), fmt(Math.min(...values.filter(Number.isFinite)), 5)]) });
  return { id: 'curves', title: 'Training curves', blocks };
}

function metricsRows(result: EvaluationResult): string[][] {
  const pca = result.pca;
  const row = (label: string, key: 'mse' | 'sse' | 'bce' | 'psnr' | 'ssim', digits: number) => [label, fmt(result[key], digits), pca ? fmt(pca[key], digits) : ''];
  return [
    row('MSE per pixel', 'mse', 6),
    row('sum of squared errors per image', 'sse', 3),
    row('binary cross-entropy per pixel', 'bce', 5),
    row('PSNR (dB)', 'psnr', 2),
    row('SSIM (11x11 Gaussian, sigma 1.5)', 'ssim', 4),
  ];
}

export async function buildRunReport(input: RunReportInput): Promise<ReportDocument> {
  const { model, test, train, imageShape } = input;
  const config = await readJson<Record<string, unknown>>(runFile(input.runDir, 'config'));
  // 'running' only while a live process holds the run; otherwise it reads 'killed'.
  const status = ((await readRunStatus(input.runDir)) ?? undefined) as Record<string, unknown> | undefined;
  const history = await readJson<History>(runFile(input.runDir, 'metrics'));

  const reconstructions = await reconstructAll(model, test);
  const baseline = evaluatePcaBaseline(train, test, codeSizeOf(model), imageShape, input.pcaSamples);
  const pcaImages = baseline.reconstructions;
  const pcaMetrics = baseline.metrics;
  const pca = { k: pcaMetrics.components };
  const result: EvaluationResult = { ...reconstructionMetrics(test.data, reconstructions, test.count, imageShape), pca: pcaMetrics };

  const sections: Section[] = [summarySection(input, config, status), curvesSection(history, model.name)];
  sections.push({
    id: 'grids',
    title: 'Reconstructions',
    blocks: [
      figure(
        `first ${Math.min(10, test.count)} test images, the model's reconstructions and PCA-${pca.k}'s`,
        comparisonGrid(
          [
            { label: 'original', images: test.data },
            { label: model.name, images: reconstructions },
            { label: `PCA-${pca.k}`, images: Float32Array.from(pcaImages, (v) => Math.min(1, Math.max(0, v))) },
          ],
          imageShape,
          { title: `${model.name} and PCA-${pca.k} on ${input.datasetName} test images` },
        ),
      ),
    ],
  });
  sections.push({
    id: 'metrics',
    title: 'Test metrics',
    blocks: [
      { kind: 'table', header: ['metric', model.name, `PCA-${pca.k}`], rows: metricsRows(result) },
      { kind: 'text', text: `${test.count} test samples of ${input.datasetName}. PSNR uses data range 1 (capped at 100 dB); SSIM follows tf.image.ssim.` },
    ],
  });
  const codes = await encodeAll(model, test);
  sections.push({
    id: 'pca',
    title: 'PCA comparison and code space',
    blocks: [
      {
        kind: 'text',
        text: `PCA with ${pca.k} components (the model's code size) fitted on ${pcaMetrics.fittedOn} training samples keeps ${(100 * pcaMetrics.explainedVarianceRatio).toFixed(1)}% of their variance. ` +
          `The model's MSE is ${fmt(result.mse / pcaMetrics.mse, 3)} times PCA's (${result.mse < pcaMetrics.mse ? 'better than' : 'not better than'} the linear baseline).`,
      },
      figure('test codes coloured by label', embeddingPlot(codes, { title: `${model.name} on ${input.datasetName}`, ...(input.classNames ? { classNames: input.classNames } : {}) })),
    ],
  });
  sections.push(await denoisingSection(model, test, imageShape));
  sections.push(generationSection(model, test));
  return {
    title: `aekit report: ${model.name} on ${input.datasetName}`,
    subtitle: `Run folder ${input.runDir}; generated ${new Date().toISOString()}.`,
    sections,
  };
}

async function denoisingSection(model: Autoencoder, test: SampleSet, imageShape: ImageShape): Promise<Section> {
  const rows: string[][] = [];
  const blocks: Block[] = [];
  for (const noise of REPORT_NOISES) {
    const result = await denoiseSamples(model, test, noise, 7);
    const ssimNoisy = mean(ssimPerImage(test.data, result.noisy, imageShape));
    const ssimDenoised = mean(ssimPerImage(test.data, result.denoised, imageShape));
    rows.push([`${noise.noise} ${noise.noiseLevel}`, fmt(result.psnrNoisy, 2), fmt(result.psnrDenoised, 2), fmt(ssimNoisy, 4), fmt(ssimDenoised, 4)]);
    blocks.push(figure(`${noise.noise} noise, level ${noise.noiseLevel}: noisy, denoised, clean`, denoisingFigure(result, test, 10, `${model.name}: ${noise.noise} noise, level ${noise.noiseLevel}`)));
  }
  return {
    id: 'denoising',
    title: 'Denoising',
    blocks: [
      { kind: 'table', header: ['noise', 'PSNR noisy (dB)', 'PSNR denoised (dB)', 'SSIM noisy', 'SSIM denoised'], rows },
      { kind: 'text', text: 'Against the clean test images. A model trained without noise still removes some; a denoising model removes more.' },
      ...blocks,
    ],
  };
}

function generationSection(model: Autoencoder, test: SampleSet): Section {
  const title = 'Generation';
  if (!isVariational(model, test)) {
    return { id: 'generation', title, blocks: [{ kind: 'text', text: `Model '${model.name}' is not variational (its loss has no 'kl' term), so decoding random codes is not meaningful; sample grids, interpolations and the latent manifold appear here for a VAE.` }] };
  }
  const size = test.data.length / test.count;
  const blocks: Block[] = [figure('32 samples decoded from z ~ N(0, I)', priorSamplesFigure(model, 32, 1, 8))];
  if (test.count >= 2) {
    const at = (i: number) => ({ image: test.data.subarray(i * size, (i + 1) * size), name: `test image ${i}` });
    blocks.push(figure('interpolation between the codes of test images 0 and 1', interpolationFigure(model, at(0), at(1), 10)));
  }
  if (model.codeShape.length === 1 && model.codeShape[0] === 2) {
    blocks.push(figure('latent manifold: decoded 15x15 grid of normal quantiles', manifoldFigure(model, 15)));
  }
  return { id: 'generation', title, blocks };
}
