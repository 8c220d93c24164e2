/**
 * Test-only: measures the peak resident memory of one pass of per-sample reconstruction errors
 * over an IDX image file, in a process of its own so nothing else inflates the figure.
 *
 *   node dist/testing/support/streaming-memory-probe.js <stream|in-memory> <images.idx[.gz]> <batchSize>
 *
 * 'stream' reads the file batch by batch (streamReconstructionErrors); 'in-memory' loads it
 * whole and scores it the usual way (the control). Prints one JSON line: the RSS after node,
 * tfjs, the model and one warm-up batch (the baseline), the process's peak RSS, and the errors'
 * count and float64 sum.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../src/backend/select.js';
import { bytesToUnitFloats } from '../../src/data/checks.js';
import { readIdxFile } from '../../src/data/idx.js';
import { streamIdxImages } from '../../src/data/idx-stream.js';
import { perSampleErrors } from '../../src/evaluation/per-sample.js';
import { buildModel } from '../../src/models/registry.js';
import { asSamples } from '../../src/data/samples.js';
import { reconstructAll } from '../../src/models/inference.js';
import { streamReconstructionErrors } from '../../src/applications/streaming.js';

export interface ProbeResult {
  mode: string;
  backend: string;
  baselineRss: number;
  peakRss: number;
  count: number;
  errorSum: number;
  seconds: number;
}

const MODEL_SEED = 7;

async function main(): Promise<void> {
  const [mode, file, batchText] = process.argv.slice(2);
  const batchSize = Number(batchText);
  if ((mode !== 'stream' && mode !== 'in-memory') || !file || !(batchSize > 0)) {
    throw new Error('usage: streaming-memory-probe.js <stream|in-memory> <images file> <batchSize>');
  }
  const backend = await initBackend({ backend: 'auto' });
  const model = buildModel('dense', { seed: MODEL_SEED });
  // Warm up with one batch so kernels, buffers and code are in the baseline, not in the pass.
  tf.tidy(() => model.reconstructBatch(tf.zeros([batchSize, ...model.inputShape])).dataSync());
  (globalThis as { gc?: () => void }).gc?.();
  const baselineRss = process.memoryUsage().rss;

  const started = performance.now();
  let errors: Float32Array | Float64Array;
  if (mode === 'stream') {
    errors = await streamReconstructionErrors(model, streamIdxImages(file, { batchSize }));
  } else {
    const idx = await readIdxFile(file, 'images');
    const set = asSamples(bytesToUnitFloats(idx.data), idx.items, model.inputShape);
    errors = perSampleErrors(set.data, await reconstructAll(model, set, batchSize), set.count, 'mse');
  }
  let errorSum = 0;
  for (const e of errors) errorSum += Math.fround(e);
  const result: ProbeResult = {
    mode,
    backend: backend.name,
    baselineRss,
    // The kernel's high-water mark for the whole process, so no short spike is missed.
    peakRss: process.resourceUsage().maxRSS * 1024,
    count: errors.length,
    errorSum,
    seconds: (performance.now() - started) / 1000,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
