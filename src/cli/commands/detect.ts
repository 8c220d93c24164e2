import { Option, type Command } from 'commander';
import { detectAnomalies, detectionCsv, judgeScores, onlyClass, outOfDistributionSet, type DetectionResult } from '../../applications/detection.js';
import { THRESHOLD_METHODS, type ThresholdMethod } from '../../applications/threshold.js';
import { isVariational } from '../../applications/anomaly.js';
import { streamReconstructionErrors } from '../../applications/streaming.js';
import type { Autoencoder } from '../../models/autoencoder.js';
import { asSamples, sampleSize } from '../../data/samples.js';
import { modelSamples } from '../../models/input-scaling.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { UsageError } from '../errors.js';
import { addDataOptions, addEngineOptions, addJsonOption, addModelOption, addOutOption, parseClassRef, parseInteger, parseNumber, type DataOptions, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { loadModelArg, startEngine, withRunDataDefaults } from '../context.js';
import { loadSplit } from '../../data/splits.js';
import { loadDataset } from '../../data/load.js';
import { BUILTIN_DATASETS, isBuiltinDatasetName } from '../../data/builtin-catalog.js';
import { resolveClass } from '../../data/samples.js';
import { checkStreamable, keepLabels, STREAM_HELP, streamSplit } from '../stream-split.js';

interface DetectFlags extends DataOptions, EngineOptions, JsonOption {
  model: string;
  out?: string;
  thresholdMethod: ThresholdMethod;
  contamination: number;
  percentile: number;
  normalClass?: number | string;
  oodDataset?: string;
  split: 'test' | 'all';
  trainLimit: number;
  stream?: boolean;
}

export function registerDetectCommand(program: Command): void {
  const command = program
    .command('detect')
    .description('anomaly detection: per-sample scores (reconstruction error; negative ELBO for a VAE), a threshold, ROC-AUC and PR-AUC')
    .addOption(new Option('--threshold-method <method>', 'contamination: flag that fraction of the test scores; percentile: of the training scores; max-train: above every training score').choices([...THRESHOLD_METHODS]).default('contamination'))
    .option('--contamination <fraction>', "expected share of anomalies, for 'contamination'", parseNumber('--contamination', 0, 0.5, true), 0.1)
    .option('--percentile <p>', "percentile of the training scores, for 'percentile'", parseNumber('--percentile', 0, 100), 99)
    .option('--normal-class <k|name>', 'the normal class, a label number or a class name (a CSV\'s text label): other classes are anomalies (enables ROC-AUC / PR-AUC); training scores use class k only (default: the run\'s own --normal-class)', parseClassRef('--normal-class'))
    .option('--ood-dataset <name|path>', 'out-of-distribution detection: score the test split of --dataset (normal) and of this dataset (anomalies), e.g. fashion-mnist for a model of mnist')
    .addOption(new Option('--split <split>', "the samples judged: 'test' (a user file's last 10%, as training held it out) or 'all' (every row of a user file, e.g. new data)").choices(['test', 'all']).default('test'))
    .option('--train-limit <n>', 'training samples scored for the percentile / max-train thresholds', parseInteger('--train-limit', 1), 10000)
    .option('--stream', 'score the splits batch by batch, keeping one score (and label) per sample (bounded memory: builtin datasets only)');
  addModelOption(command);
  addOutOption(command, 'the scores as CSV: index,score,anomaly[,label][,is_anomaly] per judged sample');
  addDataOptions(command);
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText(
    'after',
    '\nA sample is an anomaly when its score is strictly above the threshold. Scores are the model\'s per-pixel reconstruction\n' +
      "loss (MSE or BCE, as it was trained); a VAE (a model with a 'kl' loss term) scores by its negative ELBO per sample.\n" +
      `${STREAM_HELP}; the scores are the same (not for a VAE).\n` +
      'The dataset, its image size and CSV options default to those the model\'s run was trained with; a CSV with a header\n' +
      'is read by the training header\'s feature names, whatever its column order (a missing name is an error).\n' +
      '\nExamples:\n  aekit train --model dense --normal-class 1 --epochs 5 --limit 20000 --name ones-only\n' +
      '  aekit detect --model runs/ones-only --out scores.csv          # the run\'s normal class 1 vs the other digits\n' +
      '  aekit detect --model runs/ones-only --normal-class 1 --stream --json\n' +
      '  aekit detect --model runs/ones-only --ood-dataset fashion-mnist --limit 2000 --json\n' +
      '  aekit detect --model runs/ones-only --threshold-method percentile --percentile 99 --out scores.csv\n' +
      '  aekit detect --model runs/ones-only --threshold-method max-train --dataset fashion-mnist --json\n' +
      '  aekit detect --model runs/my-table --dataset new-rows.csv --split all --out scores.csv   # every row of a new CSV\n',
  );
  command.action(async (given: DetectFlags) => {
    const { flags, run } = await withRunDataDefaults(command, given);
    // A model trained on one class is judged against that class unless told otherwise.
    if (flags.normalClass === undefined && run?.normalClass !== undefined) flags.normalClass = run.normalClass;
    if (flags.oodDataset !== undefined && flags.stream) throw new UsageError('option --ood-dataset: scores two datasets in memory; drop --stream');
    if (flags.stream) checkStreamable(flags);
    if (flags.split === 'all' && isBuiltinDatasetName(flags.dataset)) throw new UsageError(`option --split: 'all' is for a user's file; the builtin dataset ${flags.dataset} is judged on its test split`);
    if (flags.split === 'all' && flags.stream) throw new UsageError("option --split: 'all' reads a user's file whole; drop --stream");
    await startEngine(flags);
    const { autoencoder } = await loadModelArg(flags.model);
    const { result, labels, normalClass } = flags.stream ? await detectStreamed(autoencoder, flags) : await detectInMemory(autoencoder, flags);
    if (flags.out) await writeFileAtomic(flags.out, detectionCsv(result, labels));
    const flagged = result.flagged.reduce((a, b) => a + b, 0);
    const summary = {
      model: autoencoder.name,
      samples: result.scores.length,
      dataset: flags.dataset,
      ...(normalClass !== undefined ? { normalClass } : {}),
      ...(flags.oodDataset !== undefined ? { oodDataset: flags.oodDataset, outOfDistribution: result.truth?.reduce((a, b) => a + b, 0) } : {}),
      thresholdMethod: flags.thresholdMethod,
      threshold: result.threshold,
      flagged,
      ...(result.truth ? { rocAuc: result.rocAuc, averagePrecision: result.averagePrecision, precision: result.precision, recall: result.recall } : {}),
    };
    const lines: string[] = [];
    if (flags.oodDataset !== undefined) {
      const outside = summary.outOfDistribution ?? 0;
      lines.push(`normal: ${result.scores.length - outside} test samples of ${flags.dataset}${normalClass !== undefined ? ` (class ${className(normalClass, flags)})` : ''}; anomalies: ${outside} test samples of ${flags.oodDataset}`);
    } else if (normalClass !== undefined) {
      lines.push(`normal: class ${className(normalClass, flags)} of ${flags.dataset}; anomalies: every other class`);
    }
    lines.push(`threshold (${flags.thresholdMethod}): ${result.threshold.toPrecision(6)}; flagged ${flagged} of ${result.scores.length} samples`);
    if (result.truth) {
      lines.push(`ROC-AUC ${result.rocAuc!.toFixed(4)}  PR-AUC (average precision) ${result.averagePrecision!.toFixed(4)}  precision ${result.precision!.toFixed(4)}  recall ${result.recall!.toFixed(4)}`);
    }
    if (flags.out) lines.push(`wrote ${flags.out}`);
    commandOutput(flags).result(summary, lines.join('\n'));
  });
}

interface Detection {
  result: DetectionResult;
  /** The test samples' labels, for the CSV. */
  labels?: Int32Array;
  /** --normal-class as a label number (a class name looked up in the judged data's class names). */
  normalClass?: number;
}

/** --normal-class as a label number: a class name is looked up in the data's class names (an error naming them when none matches). */
function normalClassOf(flags: DetectFlags, dataset: { name: string; classNames?: string[] }): number | undefined {
  return flags.normalClass === undefined ? undefined : resolveClass(flags.normalClass, dataset, 'option --normal-class');
}

/** "'malignant' (label 1)" when the class was given by name, else its number. */
function className(label: number, flags: DetectFlags): string {
  return typeof flags.normalClass === 'string' ? `'${flags.normalClass}' (label ${label})` : String(label);
}

async function detectInMemory(model: Autoencoder, flags: DetectFlags): Promise<Detection> {
  if (flags.oodDataset !== undefined) return detectOutOfDistribution(model, flags, flags.oodDataset);
  const judged = await judgedSamples(flags);
  const normalClass = normalClassOf(flags, judged);
  const test = modelSamples(model, judged);
  const train = await trainingSamples(model, flags, normalClass);
  const result = await detectAnomalies(model, test, {
    method: flags.thresholdMethod,
    contamination: flags.contamination,
    percentile: flags.percentile,
    ...(train ? { train } : {}),
    ...(normalClass !== undefined ? { normalClass } : {}),
  });
  return { result, ...(test.labels ? { labels: test.labels } : {}), ...(normalClass !== undefined ? { normalClass } : {}) };
}

/** In-distribution test samples (of the normal class, when one is set) against another dataset's. */
async function detectOutOfDistribution(model: Autoencoder, flags: DetectFlags, oodDataset: string): Promise<Detection> {
  const judged = await judgedSamples(flags);
  const normalClass = normalClassOf(flags, judged);
  const test = modelSamples(model, judged);
  const inDistribution = normalClass !== undefined ? onlyClass(test, normalClass) : test;
  const outside = modelSamples(model, await loadSplit({ ...flags, dataset: oodDataset }, 'test'));
  const { set, truth } = outOfDistributionSet(inDistribution, outside);
  const train = await trainingSamples(model, flags, normalClass);
  const result = await detectAnomalies(model, set, { method: flags.thresholdMethod, contamination: flags.contamination, percentile: flags.percentile, truth, ...(train ? { train } : {}) });
  return { result, ...(normalClass !== undefined ? { normalClass } : {}) };
}

/** The test split, or with --split all every row of the user's file. */
function judgedSamples(flags: DetectFlags) {
  if (flags.split === 'test') return loadSplit(flags, 'test');
  return loadDataset(flags.dataset, 'test', { ...(flags.imageSize ? { imageSize: flags.imageSize } : {}), ...(flags.limit ? { limit: flags.limit } : {}), ...(flags.csv ? { csv: flags.csv } : {}) });
}

/** Normal training samples, for the thresholds drawn from training scores. */
async function trainingSamples(model: Autoencoder, flags: DetectFlags, normalClass: number | undefined) {
  if (flags.thresholdMethod === 'contamination') return undefined;
  const all = modelSamples(model, await loadSplit({ ...flags, limit: trainLimit(flags) }, 'train'));
  return normalClass !== undefined ? onlyClass(all, normalClass) : all;
}

function trainLimit(flags: DetectFlags): number {
  return Math.min(flags.limit ?? Infinity, flags.trainLimit);
}

/**
 * The same detection with the splits streamed: only the scores and labels (8 bytes a sample)
 * are held. Scores are the reconstruction errors `anomalyScores` gives a non-variational model.
 */
async function detectStreamed(model: Autoencoder, flags: DetectFlags): Promise<Detection> {
  // A VAE scores by its sampled negative ELBO, which the batch-by-batch error pass does not compute.
  if (isVariational(model, asSamples(new Float32Array(sampleSize(model.inputShape)), 1, model.inputShape))) {
    throw new UsageError(`option --stream: model '${model.name}' is variational (scored by negative ELBO), which --stream does not score; drop --stream`);
  }
  const dataset = checkStreamable(flags);
  const normalClass = normalClassOf(flags, { name: dataset, classNames: BUILTIN_DATASETS[dataset].classNames });
  const test = await streamedScores(model, flags, 'test', flags.limit);
  let trainScores: Float32Array | undefined;
  if (flags.thresholdMethod !== 'contamination') {
    // Every sample is scored and the normal class picked afterwards: a sample's score does not depend on its batch.
    const train = await streamedScores(model, flags, 'train', trainLimit(flags));
    trainScores = normalClass !== undefined ? scoresOfClass(train.scores, train.labels, normalClass) : train.scores;
  }
  const result = judgeScores(test.scores, trainScores, test.labels, {
    method: flags.thresholdMethod,
    contamination: flags.contamination,
    percentile: flags.percentile,
    ...(normalClass !== undefined ? { normalClass } : {}),
  });
  return { result, ...(test.labels ? { labels: test.labels } : {}), ...(normalClass !== undefined ? { normalClass } : {}) };
}

async function streamedScores(model: Autoencoder, flags: DetectFlags, split: 'train' | 'test', limit: number | undefined): Promise<{ scores: Float32Array; labels?: Int32Array }> {
  const seen: { labels?: Int32Array } = {};
  const scores = await streamReconstructionErrors(model, keepLabels(streamSplit(model, flags, split, limit), seen), { measure: model.spec.loss });
  return { scores, ...(seen.labels ? { labels: seen.labels } : {}) };
}

/** `onlyClass` for scores: those of the samples labelled `label`. */
function scoresOfClass(scores: Float32Array, labels: Int32Array | undefined, label: number): Float32Array {
  if (!labels) throw new Error(`normal class ${label}: the dataset has no labels to select it by`);
  const picked = scores.filter((_, i) => labels[i] === label);
  if (picked.length === 0) throw new Error(`normal class ${label}: no samples have this label`);
  return picked;
}
