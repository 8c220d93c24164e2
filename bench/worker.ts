/**
 * One engine's share of the bench, run by bench/run.ts in a child process of its own:
 *
 *   node dist/bench/worker.js '<job JSON>'
 *
 * Progress goes to stderr; the report is the stdout line starting with RESULT_MARKER (children.ts).
 */
import '@tensorflow/tfjs-layers';
import { loadDataset } from '../src/data/index.js';
import { startEngine } from './engine.js';
import { measureSpeed, type Pixels } from './measure.js';
import { measureQuality } from './quality.js';
import { noTurns, stdioTurns } from './turns.js';
import { reportWorkerJob } from './children.js';
import type { EngineReport, WorkerJob } from './types.js';

async function loadPixels(split: 'train' | 'test', limit: number, dataDir: string | undefined): Promise<Pixels> {
  const dataset = await loadDataset('mnist', split, { limit, download: false, ...(dataDir ? { dataDir } : {}) });
  return { images: dataset.images, count: dataset.count };
}

async function runJob(job: WorkerJob): Promise<EngineReport> {
  const log = (line: string) => process.stderr.write(`[${job.engine}] ${line}\n`);
  const started = await startEngine(job.engine, job.threads);
  log(`started: ${started.threads} thread(s), ${started.detail}`);
  const report: EngineReport = { engine: job.engine, threads: started.threads, detail: started.detail };
  const test = await loadPixels('test', job.testCount, job.dataDir);
  if (job.qualityEpochs) {
    const train = await loadPixels('train', 60_000, job.dataDir);
    report.quality = [];
    for (const model of job.models) report.quality.push(await measureQuality(model, train, test, job.qualityEpochs, log));
    return report;
  }
  const train = await loadPixels('train', Math.max(job.plan.batches, job.plan.inferBatches, 2) * 128, job.dataDir);
  report.results = [];
  const turn = job.turns ? stdioTurns() : noTurns;
  for (const model of job.models) report.results.push(await measureSpeed(model, train, test, job.plan, log, turn));
  return report;
}

await reportWorkerJob(runJob);
