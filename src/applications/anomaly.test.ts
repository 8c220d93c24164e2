import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/select.js';
import { loadDataset } from '../data/index.js';
import { buildModel } from '../models/registry.js';
import { Autoencoder, type LossTerms, type StepContext } from '../models/autoencoder.js';
import { fit } from '../training/trainer.js';
import { datasetSamples, type SampleSet } from '../data/samples.js';
import { missing, realDatasetDir } from '../../testing/support/datasets.js';
import { rocAuc } from '../evaluation/ranking.js';
import { anomalyScores } from './anomaly.js';

function onlyLabel(set: SampleSet, keep: (label: number) => boolean, max: number): SampleSet {
  const size = set.data.length / set.count;
  const picked: number[] = [];
  for (let i = 0; i < set.count && picked.length < max; i++) if (keep(set.labels![i]!)) picked.push(i);
  const data = new Float32Array(picked.length * size);
  picked.forEach((src, k) => data.set(set.data.subarray(src * size, (src + 1) * size), k * size));
  return { data, count: picked.length, sampleShape: set.sampleShape, labels: Int32Array.from(picked, (i) => set.labels![i]!) };
}

test('scores are the per-sample reconstruction error in the model loss', async () => {
  await initBackend({ backend: 'auto' });
  const model = buildModel('dense', { inputShape: [4], options: { codeSize: 2 }, seed: 3 });
  const data = new Float32Array([0, 0.5, 1, 0.25, 1, 1, 0, 0]);
  const set: SampleSet = { data, count: 2, sampleShape: [4] };
  const scores = await anomalyScores(model, set);
  const out = tf.tidy(() => model.reconstructBatch(tf.tensor2d(data, [2, 4])).dataSync());
  for (let s = 0; s < 2; s++) {
    let sum = 0;
    for (let i = 0; i < 4; i++) sum += (data[s * 4 + i]! - out[s * 4 + i]!) ** 2;
    assert.ok(Math.abs(scores[s]! - sum / 4) < 1e-6, `sample ${s}: ${scores[s]} vs ${sum / 4}`);
  }
});

test("a model with a 'kl' term is scored by its total loss per sample (negative ELBO)", async () => {
  await initBackend({ backend: 'auto' });
  class FakeVae extends Autoencoder {
    override computeLoss(x: tf.Tensor, _context: StepContext): LossTerms {
      // loss = sum of inputs per sample (averaged over the batch), so sample i scores sum(x_i)
      const perSample = tf.sum(x, 1);
      return { loss: tf.mean(perSample) as tf.Scalar, reconstruction: tf.mean(perSample) as tf.Scalar, kl: tf.scalar(0) };
    }
  }
  const base = buildModel('dense', { inputShape: [3], options: { codeSize: 2 } });
  const vae = new FakeVae(base.spec, base.encoder, base.decoder, base.model);
  const scores = await anomalyScores(vae, { data: new Float32Array([1, 2, 3, 0, 0, 1]), count: 2, sampleShape: [3] });
  assert.deepEqual(Array.from(scores), [6, 1]);
});

test('bad inputs: wrong shape, empty set', async () => {
  await initBackend({ backend: 'auto' });
  const model = buildModel('dense', { inputShape: [4], options: { codeSize: 2 } });
  await assert.rejects(anomalyScores(model, { data: new Float32Array(6), count: 2, sampleShape: [3] }), /samples have shape \[3\], model 'dense' expects \[4\]/);
  await assert.rejects(anomalyScores(model, { data: new Float32Array(0), count: 0, sampleShape: [4] }), /the dataset is empty/);
});

test("real MNIST: an AE trained on '1's only flags other digits (ROC-AUC > 0.9)", { skip: missing('mnist') }, async (t) => {
  await initBackend({ backend: 'auto' });
  const dataDir = realDatasetDir('mnist');
  const train = datasetSamples(await loadDataset('mnist', 'train', { dataDir, limit: 8000 }), [784]);
  const testSet = datasetSamples(await loadDataset('mnist', 'test', { dataDir, limit: 1000 }), [784]);
  const ones = onlyLabel(train, (l) => l === 1, 600);
  const model = buildModel('dense', { options: { codeSize: 16 }, seed: 1 });
  await fit(model, ones, { epochs: 3, batchSize: 32, seed: 1, learningRate: 2e-3 });
  const scores = await anomalyScores(model, testSet);
  const auc = rocAuc(scores, Array.from(testSet.labels!, (l) => l !== 1));
  // An untrained model scores every digit about alike (AUC near 0.5); training on '1's must separate them.
  t.diagnostic(`ROC-AUC other digits vs '1's: ${auc.toFixed(4)}`);
  assert.ok(auc > 0.9, `ROC-AUC ${auc.toFixed(4)} should exceed 0.9`);
});
