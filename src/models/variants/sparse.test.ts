import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../registry.js';
import type { Autoencoder } from '../autoencoder.js';
import { encodeAll } from '../inference.js';
import { reconstructAll } from '../inference.js';
import type { SampleSet } from '../../data/samples.js';
import { mnistSamples, quickFit } from '../../../testing/support/models.js';
import { missing } from '../../../testing/support/datasets.js';

before(async () => {
  await initBackend({ backend: 'auto' });
});

async function measure(model: Autoencoder, set: SampleSet): Promise<{ activation: number; mse: number }> {
  const codes = await encodeAll(model, set);
  const reconstruction = await reconstructAll(model, set);
  let activation = 0;
  for (const v of codes.data) activation += Math.abs(v);
  let mse = 0;
  for (let i = 0; i < set.data.length; i++) mse += (set.data[i]! - reconstruction[i]!) ** 2;
  return { activation: activation / codes.data.length, mse: mse / set.data.length };
}

const EPOCHS = 10;
const LR = 5e-3;

test('sparse autoencoder: KL penalty gives >= 2x lower mean code activation at comparable reconstruction error', { skip: missing('mnist') }, async () => {
  const train = await mnistSamples('train', 2000);
  const testSet = await mnistSamples('test', 500);
  const base = { codeSize: 64, codeActivation: 'sigmoid' };
  const plain = buildModel('sparse', { options: { ...base, sparsityWeight: 0, l1: 0 }, seed: 2 });
  const sparse = buildModel('sparse', { options: { ...base, sparsityWeight: 0.01, sparsityTarget: 0.05 }, seed: 2 });
  const metrics = await quickFit(sparse, train, EPOCHS, 1, LR);
  await quickFit(plain, train, EPOCHS, 1, LR);
  assert.ok(metrics['kl']!.at(-1)! < metrics['kl']![0]!, 'the KL term falls during training');
  const [p, s] = [await measure(plain, testSet), await measure(sparse, testSet)];
  console.log(`KL: plain activation ${p.activation.toFixed(4)} mse ${p.mse.toFixed(4)}; sparse activation ${s.activation.toFixed(4)} mse ${s.mse.toFixed(4)}`);
  assert.ok(s.activation * 2 <= p.activation, `mean activation: sparse ${s.activation} vs plain ${p.activation}`);
  assert.ok(s.mse <= 1.25 * p.mse, `test MSE: sparse ${s.mse} vs plain ${p.mse}`);
});

test('sparse autoencoder: L1 activity penalty (Keras activity_regularizer) on a relu code', { skip: missing('mnist') }, async () => {
  const train = await mnistSamples('train', 2000);
  const testSet = await mnistSamples('test', 500);
  const base = { codeSize: 64, codeActivation: 'relu', sparsityWeight: 0 };
  const plain = buildModel('sparse', { options: { ...base, l1: 0 }, seed: 3 });
  const sparse = buildModel('sparse', { options: { ...base, l1: 1e-4 }, seed: 3 });
  await quickFit(plain, train, EPOCHS, 1, LR);
  await quickFit(sparse, train, EPOCHS, 1, LR);
  const [p, s] = [await measure(plain, testSet), await measure(sparse, testSet)];
  console.log(`L1: plain activation ${p.activation.toFixed(4)} mse ${p.mse.toFixed(4)}; sparse activation ${s.activation.toFixed(4)} mse ${s.mse.toFixed(4)}`);
  assert.ok(s.activation * 2 <= p.activation, `mean activation: sparse ${s.activation} vs plain ${p.activation}`);
  assert.ok(s.mse <= 1.25 * p.mse, `test MSE: sparse ${s.mse} vs plain ${p.mse}`);
});
