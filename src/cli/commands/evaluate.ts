import type { Command } from 'commander';
import { modelSamples } from '../../models/input-scaling.js';
import { evaluateReconstruction, DEFAULT_PCA_SAMPLES, type EvaluationResult } from '../../evaluation/reconstruction.js';
import { SSIM_SIGMA, SSIM_WINDOW } from '../../evaluation/image-quality.js';
import { addDataOptions, addEngineOptions, addJsonOption, addModelOption, parseInteger, type DataOptions, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { loadModelArg, startEngine, withRunDataDefaults } from '../context.js';
import { loadSplit } from '../../data/splits.js';

interface EvaluateFlags extends DataOptions, EngineOptions, JsonOption {
  model: string;
  pca: boolean;
  pcaSamples?: number;
  batchSize: number;
}

const ROWS: [keyof Omit<EvaluationResult, 'pca' | 'count'>, string, number][] = [
  ['mse', 'MSE per pixel', 6],
  ['sse', 'sum of squared errors per image', 3],
  ['bce', 'binary cross-entropy per pixel', 5],
  ['psnr', 'PSNR (dB, mean over images)', 2],
  ['ssim', `SSIM (${SSIM_WINDOW}x${SSIM_WINDOW} Gaussian, sigma ${SSIM_SIGMA})`, 4],
];

export function formatEvaluation(result: EvaluationResult, modelName: string): string {
  const pcaName = result.pca ? `PCA-${result.pca.components}` : '';
  const lines = [`${'metric'.padEnd(44)}${modelName.padStart(14)}${pcaName.padStart(14)}`];
  for (const [key, label, digits] of ROWS) {
    lines.push(`${label.padEnd(44)}${result[key].toFixed(digits).padStart(14)}${result.pca ? result.pca[key].toFixed(digits).padStart(14) : ''}`);
  }
  lines.push(`(${result.count} test samples${result.pca ? `; PCA fitted on ${result.pca.fittedOn} training samples, keeps ${(100 * result.pca.explainedVarianceRatio).toFixed(1)}% of their variance` : ''})`);
  return lines.join('\n');
}

export function registerEvaluateCommand(program: Command): void {
  const command = program
    .command('evaluate')
    .description('measure test reconstruction: MSE per pixel, SSE per image, BCE, PSNR, SSIM, beside a PCA of the same code size')
    .option('--no-pca', 'skip the PCA baseline')
    .option('--pca-samples <n>', `training samples the PCA baseline is fitted on (default ${DEFAULT_PCA_SAMPLES}, at most --limit)`, parseInteger('--pca-samples', 2))
    .option('--batch-size <n>', 'samples per inference batch', parseInteger('--batch-size', 1), 256);
  addModelOption(command);
  addDataOptions(command);
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText(
    'after',
    '\nSSIM follows tf.image.ssim (11x11 Gaussian window, sigma 1.5, valid filtering); PSNR uses data range 1 and is capped at 100 dB.\n' +
      '\nExamples:\n  aekit evaluate --model runs/my-run\n  aekit evaluate --model runs/my-run/last --dataset fashion-mnist --json\n  aekit evaluate --model runs/my-run/best --limit 1000 --no-pca\n',
  );
  command.action(async (given: EvaluateFlags) => {
    const { flags } = await withRunDataDefaults(command, given);
    const output = commandOutput(flags);
    await startEngine(flags);
    const { autoencoder } = await loadModelArg(flags.model);
    const test = modelSamples(autoencoder, await loadSplit(flags, 'test'));
    // --limit bounds every split read, the PCA's training samples too.
    const pcaSamples = Math.min(flags.pcaSamples ?? DEFAULT_PCA_SAMPLES, flags.limit ?? Infinity);
    const train = flags.pca ? modelSamples(autoencoder, await loadSplit({ ...flags, limit: pcaSamples }, 'train')) : undefined;
    const result = await evaluateReconstruction(autoencoder, test, { batchSize: flags.batchSize, ...(train ? { pcaBaseline: { train, maxSamples: pcaSamples } } : {}) });
    output.result({ model: autoencoder.name, dataset: flags.dataset, ...result }, () => formatEvaluation(result, autoencoder.name));
  });
}
