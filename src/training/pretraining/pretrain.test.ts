import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../../models/registry.js';
import { evaluateLoss } from '../trainer.js';
import { pretrain } from './index.js';
import { mnistSamples } from '../../../testing/support/models.js';
import { missing } from '../../../testing/support/datasets.js';

before(async () => {
  await initBackend({ backend: 'auto' });
});

test('RBM pretraining: lower reconstruction error at the start of fine-tuning than random initialisation', { skip: missing('mnist') }, async () => {
  const train = await mnistSamples('train', 2000);
  const testSet = await mnistSamples('test', 500);
  const options = { hidden: [256, 64], codeSize: 16 };
  const random = buildModel('rbm', { options, seed: 1 });
  const pretrained = buildModel('rbm', { options, seed: 1 });
  const report = await pretrain(pretrained, train, { epochs: 5, lr: 0.1, batchSize: 100, seed: 1 });
  assert.equal(report?.kind, 'rbm');
  assert.equal(report.layerErrors.length, 3);
  // A stacked model without pretrain: true is left alone.
  assert.equal(await pretrain(buildModel('stacked', { seed: 1 }), train), undefined);
  const before = (await evaluateLoss(random, testSet, 250))['loss']!;
  const after = (await evaluateLoss(pretrained, testSet, 250))['loss']!;
  console.log(`test BCE before fine-tuning: random init ${before.toFixed(4)}, RBM-pretrained ${after.toFixed(4)}; RBM layer errors ${report.layerErrors.map((e) => e.toFixed(4)).join(', ')}`);
  assert.ok(after < 0.8 * before, `pretrained ${after} vs random ${before}`);
});
