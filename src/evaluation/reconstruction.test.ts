import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend/select.js';
import { buildModel } from '../models/registry.js';
import { Random } from '../util/random.js';
import type { SampleSet } from '../data/samples.js';
import { evaluateReconstruction, fitPcaBaseline, pcaReconstruct, reconstructionMetrics } from './reconstruction.js';
import { perSampleErrors } from './per-sample.js';

test('metrics of constant images, by hand', () => {
  const originals = new Float32Array(2 * 121).fill(0.5);
  const reconstructions = new Float32Array(2 * 121).fill(0.25);
  const m = reconstructionMetrics(originals, reconstructions, 2, [11, 11, 1]);
  assert.ok(Math.abs(m.mse - 0.0625) < 1e-9);
  assert.ok(Math.abs(m.sse - 0.0625 * 121) < 1e-6);
  assert.ok(Math.abs(m.bce - -(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75))) < 1e-6);
  assert.ok(Math.abs(m.psnr - 10 * Math.log10(16)) < 1e-6);
  assert.ok(Math.abs(m.ssim - (0.25 + 1e-4) / (0.3125 + 1e-4)) < 1e-9);
  // Cast: a value outside the type on purpose, as a JavaScript caller could pass it.
  assert.throws(() => perSampleErrors(originals, reconstructions, 2, 'mae' as never), /unknown error measure 'mae': expected one of mse, sse, bce/);
});

function randomSet(count: number, dim: number, seed: number): SampleSet {
  const random = new Random(seed);
  // Low-rank structure plus noise, so a few components explain most of it.
  const data = new Float32Array(count * dim);
  for (let n = 0; n < count; n++) {
    const [u, v] = [random.next(), random.next()];
    for (let j = 0; j < dim; j++) data[n * dim + j] = Math.min(1, Math.max(0, 0.5 * u * Math.sin(j / 7) + 0.4 * v * Math.cos(j / 5) + 0.2 + 0.05 * random.next()));
  }
  return { data, count, sampleShape: [dim] };
}

test('PCA baseline: on its own training set the per-pixel MSE is the discarded variance x (n-1)/n / dim', () => {
  const set = randomSet(300, 121, 5);
  const k = 3;
  const pca = fitPcaBaseline(set, k);
  const full = fitPcaBaseline(set, 121);
  let discarded = 0;
  for (let c = k; c < 121; c++) discarded += full.explainedVariance[c]!;
  const mse = reconstructionMetrics(set.data, pcaReconstruct(pca, set), set.count, [11, 11, 1]).mse;
  const expected = (discarded * (set.count - 1)) / set.count / 121;
  assert.ok(Math.abs(mse - expected) / expected < 1e-3, `PCA MSE ${mse} vs discarded variance ${expected}`);
});

test('evaluateReconstruction: model metrics from its reconstructions, PCA of its code size beside them', async () => {
  await initBackend({ backend: 'auto' });
  const set = randomSet(64, 121, 9);
  const model = buildModel('dense', { inputShape: [121], options: { codeSize: 4 }, seed: 2 });
  const result = await evaluateReconstruction(model, set, { batchSize: 16, pcaBaseline: { train: randomSet(200, 121, 10) } });
  const recon = model.model.predict((await import('@tensorflow/tfjs-core')).tensor2d(set.data, [64, 121])) as import('@tensorflow/tfjs-core').Tensor;
  const direct = reconstructionMetrics(set.data, recon.dataSync() as Float32Array, 64, [11, 11, 1]);
  recon.dispose();
  for (const key of ['mse', 'sse', 'bce', 'psnr', 'ssim'] as const) assert.ok(Math.abs(result[key] - direct[key]) < 1e-5, `${key}: ${result[key]} vs ${direct[key]}`);
  assert.equal(result.pca?.components, 4);
  assert.equal(result.pca?.fittedOn, 200);
  // Structured data: 4 components reconstruct far better than an untrained network.
  assert.ok(result.pca!.mse < result.mse / 5, `PCA ${result.pca!.mse} vs untrained model ${result.mse}`);
  assert.ok(result.pca!.explainedVarianceRatio > 0.9 && result.pca!.explainedVarianceRatio <= 1);
});

test('bad inputs: shape mismatch and an empty set', async () => {
  await initBackend({ backend: 'auto' });
  const model = buildModel('dense', { inputShape: [121], options: { codeSize: 4 } });
  await assert.rejects(evaluateReconstruction(model, randomSet(4, 100, 1)), /samples have shape \[100\], model 'dense' expects \[121\]/);
  await assert.rejects(evaluateReconstruction(model, { data: new Float32Array(0), count: 0, sampleShape: [121] }), /the dataset is empty/);
});
