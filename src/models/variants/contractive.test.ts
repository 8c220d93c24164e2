import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../registry.js';
import { gatherBatch } from '../../data/samples.js';
import { ContractiveAutoencoder } from './contractive.js';
import { autodiffJacobianNormSquared } from './penalties.js';
import { mnistSamples, quickFit } from '../../../testing/support/models.js';
import { missing } from '../../../testing/support/datasets.js';

before(async () => {
  await initBackend({ backend: 'auto' });
});

test('contractive: closed-form and chain-rule Jacobian norms equal the autodiff Jacobian on MNIST digits', { skip: missing('mnist') }, async () => {
  const set = await mnistSamples('test', 16);
  const x = gatherBatch(set, null, 0, 16);
  for (const options of [{ codeSize: 8 }, { hidden: [16], codeSize: 4, hiddenActivation: 'elu', codeActivation: 'tanh' }]) {
    const model = buildModel('contractive', { options, seed: 4 }) as ContractiveAutoencoder;
    const ours = model.jacobianNormSquared(x).dataSync();
    const reference = autodiffJacobianNormSquared((input) => model.encodeBatch(input), x).dataSync();
    for (let i = 0; i < 16; i++) assert.ok(Math.abs(ours[i]! - reference[i]!) <= 1e-4 * reference[i]! + 1e-7, `sample ${i}: ${ours[i]} vs autodiff ${reference[i]}`);
  }
});

test('contractive autoencoder has a lower mean encoder Jacobian norm than the plain one', { skip: missing('mnist') }, async () => {
  const train = await mnistSamples('train', 2000);
  const testSet = await mnistSamples('test', 500);
  const plain = buildModel('contractive', { options: { codeSize: 32, codeActivation: 'tanh', contractiveWeight: 0 }, seed: 5 }) as ContractiveAutoencoder;
  const contractive = buildModel('contractive', { options: { codeSize: 32, codeActivation: 'tanh', contractiveWeight: 1e-4 }, seed: 5 }) as ContractiveAutoencoder;
  await quickFit(plain, train, 8, 1, 5e-3);
  await quickFit(contractive, train, 8, 1, 5e-3);
  const x = gatherBatch(testSet, null, 0, testSet.count);
  const meanNorm = (model: ContractiveAutoencoder) => tf.tidy(() => tf.mean(tf.sqrt(model.jacobianNormSquared(x))).dataSync()[0]!);
  const mse = (model: ContractiveAutoencoder) => tf.tidy(() => tf.mean(tf.squaredDifference(x, model.reconstructBatch(x))).dataSync()[0]!);
  console.log(`||J||_F: plain ${meanNorm(plain).toFixed(3)} (mse ${mse(plain).toFixed(4)}), contractive ${meanNorm(contractive).toFixed(3)} (mse ${mse(contractive).toFixed(4)})`);
  assert.ok(mse(contractive) < 1.15 * mse(plain), `the penalty must not buy its norm by giving up reconstruction: mse ${mse(contractive)} vs ${mse(plain)}`);
  assert.ok(meanNorm(contractive) < 0.7 * meanNorm(plain), `mean ||J||_F: contractive ${meanNorm(contractive)} vs plain ${meanNorm(plain)}`);
});
