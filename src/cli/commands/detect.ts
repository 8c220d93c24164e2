import { Option, type Command } from 'commander';
import { datasetSamples } from '../../training/samples.js';
import { detectAnomalies, detectionCsv, onlyClass } from '../../applications/detection.js';
import { THRESHOLD_METHODS, type ThresholdMethod } from '../../applications/threshold.js';
import { writeFileAtomic } from '../../io/atomic.js';
import { addDataOptions, addEngineOptions, parseInteger, parseNumber, type DataOptions, type EngineOptions } from '../options.js';
import { loadModelArg, startEngine } from '../context.js';
import { loadSplit } from '../../data/splits.js';

interface DetectFlags extends DataOptions, EngineOptions {
  model: string;
  out?: string;
  thresholdMethod: ThresholdMethod;
  contamination: number;
  percentile: number;
  normalClass?: number;
  trainLimit: number;
  json?: boolean;
}

export function registerDetectCommand(program: Command): void {
  const command = program
    .command('detect')
    .description('anomaly detection: per-sample scores (reconstruction error; negative ELBO for a VAE), a threshold, ROC-AUC and PR-AUC')
    .requiredOption('--model <dir>', 'a saved model folder or a run folder (its best model)')
    .option('--out <scores.csv>', 'write index,score,anomaly[,label][,is_anomaly] per test sample')
    .addOption(new Option('--threshold-method <method>', 'contamination: flag that fraction of the test scores; percentile: of the training scores; max-train: above every training score').choices([...THRESHOLD_METHODS]).default('contamination'))
    .option('--contamination <fraction>', "expected share of anomalies, for 'contamination'", parseNumber('--contamination', 0, 0.5, true), 0.1)
    .option('--percentile <p>', "percentile of the training scores, for 'percentile'", parseNumber('--percentile', 0, 100), 99)
    .option('--normal-class <k>', 'label of the normal class: other labels are anomalies (enables ROC-AUC / PR-AUC); training scores use class k only', parseInteger('--normal-class', 0))
    .option('--train-limit <n>', 'training samples scored for the percentile / max-train thresholds', parseInteger('--train-limit', 1), 10000)
    .option('--json', 'print the summary as JSON');
  addDataOptions(command);
  addEngineOptions(command);
  command.addHelpText(
    'after',
    '\nA sample is an anomaly when its score is strictly above the threshold. Scores are the model\'s per-pixel reconstruction\n' +
      "loss (MSE or BCE, as it was trained); a VAE (a model with a 'kl' loss term) scores by its negative ELBO per sample.\n" +
      '\nExamples:\n  aekit detect --model runs/ones-only --normal-class 1 --out scores.csv\n' +
      '  aekit detect --model runs/my-run --threshold-method percentile --percentile 99 --out scores.csv\n' +
      '  aekit detect --model runs/my-run --threshold-method max-train --dataset fashion-mnist --json\n',
  );
  command.action(async (flags: DetectFlags) => {
    await startEngine(flags);
    const { autoencoder } = await loadModelArg(flags.model);
    const test = datasetSamples(await loadSplit(flags, 'test'), autoencoder.inputShape);
    let train;
    if (flags.thresholdMethod !== 'contamination') {
      const all = datasetSamples(await loadSplit({ ...flags, limit: Math.min(flags.limit ?? Infinity, flags.trainLimit) }, 'train'), autoencoder.inputShape);
      train = flags.normalClass !== undefined ? onlyClass(all, flags.normalClass) : all;
    }
    const result = await detectAnomalies(autoencoder, test, {
      method: flags.thresholdMethod,
      contamination: flags.contamination,
      percentile: flags.percentile,
      ...(train ? { train } : {}),
      ...(flags.normalClass !== undefined ? { normalClass: flags.normalClass } : {}),
    });
    if (flags.out) await writeFileAtomic(flags.out, detectionCsv(result, test.labels));
    const flagged = result.flagged.reduce((a, b) => a + b, 0);
    const summary = {
      model: autoencoder.name,
      samples: test.count,
      thresholdMethod: flags.thresholdMethod,
      threshold: result.threshold,
      flagged,
      ...(result.truth ? { rocAuc: result.rocAuc, averagePrecision: result.averagePrecision, precision: result.precision, recall: result.recall } : {}),
    };
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    process.stdout.write(`threshold (${flags.thresholdMethod}): ${result.threshold.toPrecision(6)}; flagged ${flagged} of ${test.count} samples\n`);
    if (result.truth) {
      process.stdout.write(`ROC-AUC ${result.rocAuc!.toFixed(4)}  PR-AUC (average precision) ${result.averagePrecision!.toFixed(4)}  precision ${result.precision!.toFixed(4)}  recall ${result.recall!.toFixed(4)}\n`);
    }
    if (flags.out) process.stdout.write(`wrote ${flags.out}\n`);
  });
}
