import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../registry.js';
import { samplePrior } from '../../applications/generation.js';
import { fit } from '../../training/trainer.js';
import { mnistSamples, pixelStats } from '../../../testing/support/models.js';
import { missing } from '../../../testing/support/datasets.js';

before(async () => {
  await initBackend({ backend: 'auto' });
});

test('VAE: KL > 0 throughout, the ELBO improves, prior samples have the data pixel statistics', { skip: missing('mnist') }, async () => {
  const train = await mnistSamples('train', 3000);
  const model = buildModel('vae', { options: { hidden: [128], latentSize: 2 }, seed: 1 });
  let batchKls: number[] = [];
  const history = await fit(model, train, {
    epochs: 20,
    batchSize: 100,
    learningRate: 2e-3,
    seed: 1,
    callbacks: [{ name: 'kl-recorder', onBatchEnd: (_step, logs) => void batchKls.push(logs['kl']!) }],
  });
  const loss = history.metrics['loss']!;
  const kl = history.metrics['kl']!;
  const reconstruction = history.metrics['reconstruction']!;
  assert.ok(batchKls.length === 20 * 30 && batchKls.every((v) => v > 0), `KL must stay > 0 at every step (min ${Math.min(...batchKls)})`);
  for (let e = 0; e < loss.length; e++) assert.ok(Math.abs(loss[e]! - (reconstruction[e]! + kl[e]!)) < 1e-3 * loss[e]!, 'loss = reconstruction + KL (beta 1)');
  assert.ok(loss.at(-1)! < loss[0]! - 20, `negative ELBO per image: ${loss[0]} -> ${loss.at(-1)}`);
  const samples = samplePrior(model, 500, 7);
  const [data, generated] = [pixelStats(train.data), pixelStats(samples)];
  console.log(`-ELBO ${loss[0]!.toFixed(1)} -> ${loss.at(-1)!.toFixed(1)} (KL ${kl.at(-1)!.toFixed(2)}); mean intensity data ${data.mean.toFixed(3)} samples ${generated.mean.toFixed(3)}; bright fraction data ${data.bright.toFixed(3)} samples ${generated.bright.toFixed(3)}`);
  assert.ok(Math.abs(generated.mean - data.mean) < 0.25 * data.mean, `mean intensity ${generated.mean} vs data ${data.mean}`);
  assert.ok(Math.abs(generated.bright - data.bright) < 0.35 * data.bright, `bright-pixel fraction ${generated.bright} vs data ${data.bright}`);
  batchKls = [];
});
