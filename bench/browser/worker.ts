/**
 * The browser engine's share of the bench (`--browser`, engine wasm-simd-chromium): like
 * ../worker.ts, but the measuring runs in a headless Chromium page (./page.ts) on aekit's
 * WebAssembly engine, cross-origin isolated so that it has threads. This process loads the
 * pixels, serves them to the page and relays the page's turns and log lines.
 *
 *   node dist/bench/browser/worker.js '<job JSON>'
 */
import { loadDataset } from '../../src/data/index.js';
import { noTurns, stdioTurns } from '../turns.js';
import { reportWorkerJob } from '../children.js';
import type { EngineReport, ModelOutcome, WorkerJob } from '../types.js';
import { addFiles, bundlePage, NO_CHROMIUM, openBundle, removeBundle } from './serve.js';

type PageApi = {
  start(threads: number, plain?: boolean): Promise<{ threads: number; build: string; simdDetail: string; note?: string }>;
  bench(models: string[], plan: WorkerJob['plan']): Promise<ModelOutcome[]>;
};
type PageWindow = { aekit: PageApi };

async function pixels(split: 'train' | 'test', limit: number, dataDir: string | undefined): Promise<Uint8Array> {
  const dataset = await loadDataset('mnist', split, { limit, download: false, ...(dataDir ? { dataDir } : {}) });
  return new Uint8Array(dataset.images.buffer, dataset.images.byteOffset, dataset.count * 784 * 4);
}

async function runJob(job: WorkerJob): Promise<EngineReport> {
  if (NO_CHROMIUM) throw new Error(NO_CHROMIUM);
  const log = (line: string) => process.stderr.write(`[${job.engine}] ${line}\n`);
  const files = {
    'pixels/train.bin': await pixels('train', Math.max(job.plan.batches, job.plan.inferBatches, 2) * 128, job.dataDir),
    'pixels/test.bin': await pixels('test', job.testCount, job.dataDir),
  };
  const bundle = await bundlePage();
  addFiles(bundle, files);
  const { browser, page, close } = await openBundle(bundle, true);
  try {
    const turn = job.turns ? stdioTurns() : noTurns;
    await page.exposeFunction('aekitTurn', (label: string) => turn(label));
    await page.exposeFunction('aekitLog', (line: string) => log(line));
    // AEKIT_BENCH_PLAIN_SIMD=1: the plain SIMD128 build although Chromium has relaxed SIMD (before/after).
    const plain = process.env['AEKIT_BENCH_PLAIN_SIMD'] === '1';
    const started = await page.evaluate(([threads, plain]) => (globalThis as unknown as PageWindow).aekit.start(threads, plain), [job.threads, plain] as const);
    const detail = `headless Chromium ${browser.version()}, cross-origin isolated page: ${started.simdDetail}${plain ? ' (AEKIT_BENCH_PLAIN_SIMD=1: the plain build, relaxed SIMD ignored)' : ''}${started.note ? `; ${started.note}` : ''}`;
    log(`started: ${started.threads} thread(s), ${detail}`);
    const results = await page.evaluate(([models, plan]) => (globalThis as unknown as PageWindow).aekit.bench(models, plan), [job.models, job.plan] as const);
    return { engine: job.engine, threads: started.threads, detail, results };
  } finally {
    await close();
    removeBundle(bundle);
  }
}

await reportWorkerJob(runJob);
process.exit(0);
