import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../registry.js';
import { loadAutoencoder, saveAutoencoder } from '../../io/model-io.js';
import { evaluateLoss } from '../../training/trainer.js';
import { gatherBatch } from '../../data/samples.js';
import { pretrain } from '../../training/pretraining/index.js';
import { mnistSamples, quickFit } from '../../../testing/support/models.js';
import { missing } from '../../../testing/support/datasets.js';

before(async () => {
  await initBackend({ backend: 'auto' });
});

test('stacked with tied weights: decoder kernels are the encoder kernels transposed, parameters counted once, save/load round trip', { skip: missing('mnist') }, async () => {
  const options = { hidden: [64], codeSize: 16, tiedWeights: true };
  const model = buildModel('stacked', { options, seed: 1 });
  // 784x64 + 64 + 64x16 + 16 kernels/biases in the encoder, only biases (64 + 784) in the decoder.
  assert.equal(model.model.countParams(), 784 * 64 + 64 + 64 * 16 + 16 + 64 + 784);
  const train = await mnistSamples('train', 500);
  await quickFit(model, train, 1);
  const x = gatherBatch(train, null, 0, 8);
  const codeKernel = model.model.getLayer('code').getWeights()[0]!;
  // decoder_dense1 computes sigma(h W_code^T + b): check against that by hand.
  const code = model.encodeBatch(x);
  const bias = model.model.getLayer('decoder_dense1').getWeights()[0]!;
  const expected = tf.relu(tf.add(tf.matMul(code, codeKernel, false, true), bias));
  // Cast: Layer.apply's typings return SymbolicTensor | Tensor; on a tensor input it is a tensor.
  const actual = (model.model.getLayer('decoder_dense1') as unknown as { apply(t: tf.Tensor): tf.Tensor }).apply(code);
  assert.ok(tf.max(tf.abs(tf.sub(expected, actual))).dataSync()[0]! < 1e-6);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'aekit-tied-'));
  try {
    await saveAutoencoder(model, path.join(dir, 'model'));
    const loaded = (await loadAutoencoder(path.join(dir, 'model'))).autoencoder;
    assert.equal(tf.max(tf.abs(tf.sub(model.reconstructBatch(x), loaded.reconstructBatch(x)))).dataSync()[0], 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('stacked: greedy layer-wise pretraining starts fine-tuning from a lower loss than random initialisation', { skip: missing('mnist') }, async () => {
  const train = await mnistSamples('train', 2000);
  const testSet = await mnistSamples('test', 500);
  const options = { hidden: [128], codeSize: 32, pretrain: true, pretrainEpochs: 2 };
  const random = buildModel('stacked', { options, seed: 2 });
  const pretrained = buildModel('stacked', { options, seed: 2 });
  const progress: [number, number, number][] = [];
  const report = await pretrain(pretrained, train, { seed: 3, onEpoch: (layer, epoch, loss) => void progress.push([layer, epoch, loss]) });
  assert.equal(report?.kind, 'layerwise');
  // Two layers x two epochs reported, in order, the last epoch of each being the layer's final loss.
  assert.deepEqual(progress.map(([layer, epoch]) => [layer, epoch]), [[0, 0], [0, 1], [1, 0], [1, 1]]);
  assert.deepEqual([progress[1]![2], progress[3]![2]], report!.layerErrors);
  const [before, after] = [(await evaluateLoss(random, testSet, 250))['loss']!, (await evaluateLoss(pretrained, testSet, 250))['loss']!];
  console.log(`stacked test MSE before fine-tuning: random ${before.toFixed(4)}, layer-wise pretrained ${after.toFixed(4)}`);
  assert.ok(after < 0.7 * before, `pretrained ${after} vs random ${before}`);
});
