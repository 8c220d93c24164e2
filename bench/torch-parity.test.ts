/**
 * The PyTorch column is only worth reading if torch_ref.py builds the same networks as aekit.
 * Checked two ways: parameter counts (aekit, PyTorch and the numbers), and a forward
 * pass: aekit's weights (randomised, BatchNorm statistics included, so every layer matters) are
 * loaded into the PyTorch twin, which must reconstruct real MNIST digits as aekit does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../src/backend/select.js';
import { loadDataset } from '../src/data/index.js';
import { buildModel } from '../src/models/registry.js';
import { missing, realDatasetDir } from '../testing/support/datasets.js';
import { Random } from '../src/util/random.js';
import { runTorchScript } from './children.js';
import { EXPECTED_PARAMS } from './report.js';

const MODELS = ['dense', 'conv1', 'conv2', 'deep', 'vae'];
const probe = await runTorchScript(['--params-only', '--models', 'dense']);
const skip = probe.error ? `PyTorch unavailable: ${probe.error}` : false;

test('the PyTorch twins have the parameter counts of aekit and of the issue', { skip }, async () => {
  await initBackend({ backend: 'cpu' });
  const report = await runTorchScript(['--params-only', '--models', MODELS.join(',')]);
  const torchCounts = report['params'] as Record<string, number>;
  for (const name of MODELS) {
    const aekit = buildModel(name, { seed: 1 }).model.countParams();
    assert.equal(aekit, EXPECTED_PARAMS[name], `aekit ${name}`);
    assert.equal(torchCounts[name], EXPECTED_PARAMS[name], `PyTorch ${name}`);
  }
});

/** Every weight replaced by seeded noise; variances kept positive. */
function randomiseWeights(model: tfl.LayersModel, random: Random): void {
  const values = model.weights.map((w) => {
    const shape = w.shape as number[];
    const size = shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const positive = w.name.includes('moving_variance');
    for (let i = 0; i < size; i++) data[i] = positive ? 0.5 + random.next() : (random.next() - 0.5) * 0.4;
    return tf.tensor(data, shape);
  });
  model.setWeights(values);
  tf.dispose(values);
}

test('with aekit\'s weights, the PyTorch twins reconstruct MNIST digits as aekit does', { skip: skip || missing('mnist') }, async () => {
  await initBackend({ backend: 'cpu' });
  const count = 4;
  const digits = await loadDataset('mnist', 'test', { dataDir: realDatasetDir('mnist'), limit: count, download: false });
  const chunks: Float32Array[] = [digits.images];
  const entries: { name: string; shapes: number[][] }[] = [];
  const expected: Record<string, Float32Array> = {};
  const random = new Random(11);
  for (const name of MODELS) {
    const ae = buildModel(name, { seed: 1 });
    randomiseWeights(ae.model, random);
    // Layer by layer, each layer's own order (BatchNorm: gamma, beta, moving mean, moving variance),
    // as PyTorch's state_dict lists them; model.weights would put every non-trainable weight last.
    const weights = ae.model.layers.flatMap((layer) => layer.weights);
    entries.push({ name, shapes: weights.map((w) => w.shape as number[]) });
    for (const w of weights) chunks.push(w.read().dataSync() as Float32Array);
    expected[name] = tf.tidy(() => ae.reconstructBatch(tf.tensor(digits.images, [count, ...ae.inputShape]), false).dataSync() as Float32Array);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aekit-bench-parity-'));
  try {
    const binary = path.join(dir, 'weights.bin');
    const bytes = Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
    await writeFile(binary, bytes);
    await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ binary, inputCount: count, models: entries }));
    const report = await runTorchScript(['--models', MODELS.join(','), '--forward-check', path.join(dir, 'meta.json')]);
    assert.equal(report.error, undefined, report.error);
    const reconstructions = report['reconstructions'] as Record<string, number[][]>;
    for (const name of MODELS) {
      const theirs = reconstructions[name]!.flat();
      const ours = expected[name]!;
      assert.equal(theirs.length, ours.length, `${name}: output size`);
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(theirs[i]! - ours[i]!));
      assert.ok(worst < 1e-4, `${name}: PyTorch and aekit reconstructions differ by up to ${worst}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
