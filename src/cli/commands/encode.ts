import type { Command } from 'commander';
import { datasetSamples } from '../../training/samples.js';
import { encodeAll, writeCodes } from '../../applications/encode.js';
import { embeddingPlot } from '../../applications/embedding.js';
import { compareFeatures } from '../../evaluation/feature-comparison.js';
import { writePng } from '../../viz/index.js';
import { UsageError } from '../errors.js';
import { addDataOptions, addEngineOptions, parseInteger, type DataOptions, type EngineOptions } from '../options.js';
import { loadModelArg, startEngine } from '../context.js';
import { loadSplit } from '../../data/splits.js';

interface EncodeFlags extends DataOptions, EngineOptions {
  model: string;
  out?: string;
  split: string;
  plot?: string;
  probe?: boolean;
  probeTrain: number;
  probeTest: number;
  json?: boolean;
}

export function registerEncodeCommand(program: Command): void {
  const command = program
    .command('encode')
    .description('dimensionality reduction / feature extraction: write the codes of a dataset split, plot them, probe their usefulness')
    .requiredOption('--model <dir>', 'a saved model folder or a run folder (its best model)')
    .option('--out <codes.npy|codes.csv>', '.npy (count x code size, float32) or .csv (header code_0.., plus a label column when labels exist)')
    .option('--split <split>', "'train' or 'test'", 'test')
    .option('--plot <file.png>', 'scatter plot of the codes coloured by label (PCA to 2-D for larger codes)')
    .option('--probe', 'also report linear-probe and kNN (k=5) accuracy of the codes vs raw pixels vs PCA codes of the same size')
    .option('--probe-train <n>', 'training samples for the probe', parseInteger('--probe-train', 10), 5000)
    .option('--probe-test <n>', 'test samples for the probe', parseInteger('--probe-test', 1), 1000)
    .option('--json', 'print the probe results as JSON');
  addDataOptions(command);
  addEngineOptions(command);
  command.addHelpText(
    'after',
    '\nThe probe trains a multinomial logistic regression (standardised features, 300 full-batch Adam steps) on the first\n' +
      '--probe-train training samples and reports accuracy on the first --probe-test test samples; kNN uses the same split.\n' +
      '\nExamples:\n  aekit encode --model runs/my-run --out codes.npy\n  aekit encode --model runs/my-run --out codes.csv --plot codes.png\n  aekit encode --model runs/my-run --probe\n',
  );
  command.action(async (flags: EncodeFlags) => {
    if (!flags.out && !flags.plot && !flags.probe) throw new UsageError('encode: nothing to do; give --out FILE, --plot FILE.png and/or --probe');
    if (flags.split !== 'train' && flags.split !== 'test') throw new UsageError(`option --split: expected 'train' or 'test', got '${flags.split}'`);
    await startEngine(flags);
    const { autoencoder } = await loadModelArg(flags.model);
    if (flags.out || flags.plot) {
      const dataset = await loadSplit(flags, flags.split);
      const codes = await encodeAll(autoencoder, datasetSamples(dataset, autoencoder.inputShape));
      if (flags.out) {
        await writeCodes(flags.out, codes);
        process.stdout.write(`wrote ${flags.out}: ${codes.count} codes of ${codes.size} values${codes.labels && flags.out.endsWith('.csv') ? ' with labels' : ''}\n`);
      }
      if (flags.plot) {
        await writePng(flags.plot, embeddingPlot(codes, { title: `${autoencoder.name} on ${dataset.name}`, ...(dataset.classNames ? { classNames: dataset.classNames } : {}) }));
        process.stdout.write(`wrote ${flags.plot}\n`);
      }
    }
    if (flags.probe) {
      const train = datasetSamples(await loadSplit({ ...flags, limit: Math.min(flags.limit ?? Infinity, flags.probeTrain) }, 'train'), autoencoder.inputShape);
      const test = datasetSamples(await loadSplit({ ...flags, limit: Math.min(flags.limit ?? Infinity, flags.probeTest) }, 'test'), autoencoder.inputShape);
      const scores = await compareFeatures(autoencoder, train, test, { trainLimit: flags.probeTrain, testLimit: flags.probeTest });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ model: autoencoder.name, train: train.count, test: test.count, scores }, null, 2)}\n`);
      } else {
        process.stdout.write(`${'features'.padEnd(10)}${'dim'.padStart(6)}${'linear probe'.padStart(14)}${'kNN (k=5)'.padStart(12)}\n`);
        for (const s of scores) process.stdout.write(`${s.features.padEnd(10)}${String(s.dim).padStart(6)}${s.linearProbe.toFixed(4).padStart(14)}${s.knn.toFixed(4).padStart(12)}\n`);
        process.stdout.write(`(trained on ${Math.min(train.count, flags.probeTrain)} training samples, accuracy on ${Math.min(test.count, flags.probeTest)} test samples)\n`);
      }
    }
  });
}
