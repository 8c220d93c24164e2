import type { Command } from 'commander';
import { modelSamples } from '../../models/input-scaling.js';
import { codesCsv, codesFormatOf, writeCodes } from '../../applications/encode.js';
import { encodeAll, type Codes } from '../../models/inference.js';
import { streamEncode, type CodeBatch } from '../../applications/streaming.js';
import { embeddingPlot } from '../../applications/embedding.js';
import { compareFeatures } from '../../evaluation/feature-comparison.js';
import { writeFigure } from '../../viz/index.js';
import { NpyStreamWriter } from '../../data/npy.js';
import { BUILTIN_DATASETS, isBuiltinDatasetName } from '../../data/builtin-catalog.js';
import { openAtomicFile, type AtomicFile } from '../../util/atomic.js';
import type { Autoencoder } from '../../models/autoencoder.js';
import { UsageError } from '../errors.js';
import { addDataOptions, addEngineOptions, addJsonOption, addModelOption, addOutOption, parseInteger, type DataOptions, type EngineOptions, type JsonOption } from '../options.js';
import { commandOutput } from '../output.js';
import { loadModelArg, startEngine, withRunDataDefaults } from '../context.js';
import { loadSplit } from '../../data/splits.js';
import type { Split } from '../../data/types.js';
import { checkStreamable, STREAM_HELP, streamSplit } from '../stream-split.js';

interface EncodeFlags extends DataOptions, EngineOptions, JsonOption {
  model: string;
  out?: string;
  split: string;
  plot?: string;
  probe?: boolean;
  probeTrain: number;
  probeTest: number;
  stream?: boolean;
}

export function registerEncodeCommand(program: Command): void {
  const command = program
    .command('encode')
    .description('dimensionality reduction / feature extraction: write the codes of a dataset split, plot them, probe their usefulness')
    .option('--split <split>', "'train' or 'test'", 'test')
    .option('--plot <file.png|file.svg>', 'scatter plot of the codes coloured by label (PCA to 2-D for larger codes)')
    .option('--probe', 'also report linear-probe and kNN (k=5) accuracy of the codes vs raw pixels vs PCA codes of the same size')
    .option('--probe-train <n>', 'training samples for the probe', parseInteger('--probe-train', 10), 5000)
    .option('--probe-test <n>', 'test samples for the probe', parseInteger('--probe-test', 1), 1000)
    .option('--stream', 'encode the split batch by batch, writing --out as the codes come (bounded memory: builtin datasets only)');
  addModelOption(command);
  addOutOption(command, 'the codes: .npy (count x code size, float32) or .csv (header code_0.., plus a label column when labels exist)');
  addDataOptions(command);
  addEngineOptions(command);
  addJsonOption(command);
  command.addHelpText(
    'after',
    '\nThe probe trains a multinomial logistic regression (standardised features, 300 full-batch Adam steps) on the first\n' +
      '--probe-train training samples and reports accuracy on the first --probe-test test samples; kNN uses the same split.\n' +
      `${STREAM_HELP}; the codes are the same.\n` +
      '\nExamples:\n  aekit encode --model runs/my-run --out codes.npy\n  aekit encode --model runs/my-run --split train --stream --out codes.npy\n  aekit encode --model runs/my-run --out codes.csv --plot codes.png\n  aekit encode --model runs/my-run --probe\n',
  );
  command.action(async (given: EncodeFlags) => {
    const { flags } = await withRunDataDefaults(command, given);
    if (!flags.out && !flags.plot && !flags.probe) throw new UsageError('encode: nothing to do; give --out FILE, --plot FILE.png and/or --probe');
    if (flags.split !== 'train' && flags.split !== 'test') throw new UsageError(`option --split: expected 'train' or 'test', got '${flags.split}'`);
    if (flags.stream) checkStreamable(flags);
    const output = commandOutput(flags);
    await startEngine(flags);
    const { autoencoder } = await loadModelArg(flags.model);
    const result: Record<string, unknown> = { model: autoencoder.name, dataset: flags.dataset, split: flags.split };
    const lines: string[] = [];
    if (flags.out || flags.plot) {
      const encoded = flags.stream ? await encodeStreamed(autoencoder, flags) : await encodeInMemory(autoencoder, flags);
      Object.assign(result, { count: encoded.count, codeSize: encoded.size, labelled: encoded.labelled });
      if (flags.out) {
        result['out'] = flags.out;
        lines.push(`wrote ${flags.out}: ${encoded.count} codes of ${encoded.size} values${encoded.labelled && flags.out.endsWith('.csv') ? ' with labels' : ''}`);
      }
      if (flags.plot) {
        const { codes, datasetName, classNames } = encoded;
        await writeFigure(flags.plot, embeddingPlot(codes!, { title: `${autoencoder.name} on ${datasetName}`, ...(classNames ? { classNames } : {}) }));
        result['plot'] = flags.plot;
        lines.push(`wrote ${flags.plot}`);
      }
    }
    if (flags.probe) {
      const train = modelSamples(autoencoder, await loadSplit({ ...flags, limit: Math.min(flags.limit ?? Infinity, flags.probeTrain) }, 'train'));
      const test = modelSamples(autoencoder, await loadSplit({ ...flags, limit: Math.min(flags.limit ?? Infinity, flags.probeTest) }, 'test'));
      const scores = await compareFeatures(autoencoder, train, test, { trainLimit: flags.probeTrain, testLimit: flags.probeTest });
      Object.assign(result, { train: train.count, test: test.count, scores });
      lines.push(`${'features'.padEnd(10)}${'dim'.padStart(6)}${'linear probe'.padStart(14)}${'kNN (k=5)'.padStart(12)}`);
      for (const s of scores) lines.push(`${s.features.padEnd(10)}${String(s.dim).padStart(6)}${s.linearProbe.toFixed(4).padStart(14)}${s.knn.toFixed(4).padStart(12)}`);
      lines.push(`(trained on ${Math.min(train.count, flags.probeTrain)} training samples, accuracy on ${Math.min(test.count, flags.probeTest)} test samples)`);
    }
    output.result(result, lines.join('\n'));
  });
}

/** What a pass wrote; the codes themselves are kept only when a plot needs them. */
interface Encoded {
  count: number;
  size: number;
  labelled: boolean;
  codes?: Codes;
  datasetName: string;
  classNames?: string[];
}

async function encodeInMemory(model: Autoencoder, flags: EncodeFlags): Promise<Encoded> {
  const dataset = await loadSplit(flags, flags.split as Split);
  const codes = await encodeAll(model, modelSamples(model, dataset));
  if (flags.out) await writeCodes(flags.out, codes);
  return { count: codes.count, size: codes.size, labelled: codes.labels !== undefined, codes, datasetName: dataset.name, ...(dataset.classNames ? { classNames: dataset.classNames } : {}) };
}

/** One batch at a time: --out grows as the codes come; a plot keeps count x code size floats. */
async function encodeStreamed(model: Autoencoder, flags: EncodeFlags): Promise<Encoded> {
  const source = streamSplit(model, flags, flags.split as Split);
  const sink = flags.out ? codesFileSink(flags.out) : undefined;
  let kept: Codes | undefined;
  let labelled = false;
  let count: number;
  try {
    count = await streamEncode(model, source, {
      onBatch: async (batch) => {
        labelled = batch.labels !== undefined;
        await sink?.write(batch);
        if (flags.plot) kept = keepCodes(kept, batch);
      },
    });
    await sink?.finish();
  } catch (error) {
    await sink?.abort();
    throw error;
  }
  const classNames = isBuiltinDatasetName(flags.dataset) ? BUILTIN_DATASETS[flags.dataset].classNames : undefined;
  return { count, size: codeSize(model.codeShape), labelled, ...(kept ? { codes: kept } : {}), datasetName: flags.dataset, ...(classNames ? { classNames } : {}) };
}

function codeSize(codeShape: number[]): number {
  return codeShape.reduce((a, b) => a * b, 1);
}

function batchCodes(batch: CodeBatch): Codes {
  const size = codeSize(batch.codeShape);
  return batch.labels ? { data: batch.codes, count: batch.count, size, labels: batch.labels } : { data: batch.codes, count: batch.count, size };
}

/** Copies a batch into the codes of the whole stream (allocated at the first batch). */
function keepCodes(all: Codes | undefined, batch: CodeBatch): Codes {
  const size = codeSize(batch.codeShape);
  all ??= { data: new Float32Array(batch.total * size), count: batch.total, size, ...(batch.labels ? { labels: new Int32Array(batch.total) } : {}) };
  all.data.set(batch.codes, batch.start * size);
  if (batch.labels) all.labels?.set(batch.labels, batch.start);
  return all;
}

interface CodesSink {
  write(batch: CodeBatch): Promise<void>;
  finish(): Promise<void>;
  abort(): Promise<void>;
}

/**
 * Codes appended to one atomic .npy or .csv file batch by batch: byte for byte what `writeCodes`
 * writes for the whole set (the .npy header needs only the count, known from the first batch).
 */
function codesFileSink(file: string): CodesSink {
  const format = codesFormatOf(file);
  let npy: NpyStreamWriter | undefined;
  let csv: AtomicFile | undefined;
  return {
    async write(batch) {
      const codes = batchCodes(batch);
      if (format === 'npy') {
        npy ??= await NpyStreamWriter.create(file, [batch.total, codes.size]);
        await npy.append(codes.data);
        return;
      }
      const text = codesCsv(codes);
      // The header line once, from the first batch.
      const rows = csv ? text.slice(text.indexOf('\n') + 1) : text;
      csv ??= await openAtomicFile(file);
      await csv.handle.write(rows);
    },
    async finish() {
      if (npy) await npy.finish();
      else if (csv) await csv.commit();
      else throw new Error(`${file}: not written, the split held no samples`);
    },
    async abort() {
      await npy?.abort();
      await csv?.abort();
    },
  };
}
