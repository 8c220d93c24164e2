import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../registry.js';
import { denoiseSamples } from '../../applications/denoising.js';
import { NOISE_KINDS, type NoiseConfig } from './corruption.js';
import { mnistSamples, quickFit } from '../../../testing/support/models.js';
import { missing } from '../../../testing/support/datasets.js';

before(async () => {
  await initBackend({ backend: 'auto' });
});

const LEVELS: Record<(typeof NOISE_KINDS)[number], number> = { gaussian: 0.5, 'salt-pepper': 0.3, masking: 0.5 };
const EPOCHS = 10;

test('denoising autoencoder beats the plain one on corrupted MNIST test images, for every noise type', { skip: missing('mnist') }, async () => {
  const train = await mnistSamples('train', 2000);
  const testSet = await mnistSamples('test', 300);
  const options = { codeSize: 64 };
  const plain = buildModel('dense', { options, seed: 1 });
  await quickFit(plain, train, EPOCHS);
  for (const kind of NOISE_KINDS) {
    const noise: NoiseConfig = { noise: kind, noiseLevel: LEVELS[kind] };
    const denoising = buildModel('denoising', { options: { ...options, ...noise }, seed: 1 });
    await quickFit(denoising, train, EPOCHS);
    const plainResult = await denoiseSamples(plain, testSet, noise, 5);
    const denoisingResult = await denoiseSamples(denoising, testSet, noise, 5);
    assert.equal(plainResult.psnrNoisy, denoisingResult.psnrNoisy, 'both models see the same corrupted images');
    assert.ok(
      denoisingResult.psnrDenoised > plainResult.psnrDenoised + 0.1,
      `${kind}: denoising AE ${denoisingResult.psnrDenoised.toFixed(2)} dB vs plain AE ${plainResult.psnrDenoised.toFixed(2)} dB (noisy input ${plainResult.psnrNoisy.toFixed(2)} dB)`,
    );
    console.log(`${kind} ${noise.noiseLevel}: noisy ${plainResult.psnrNoisy.toFixed(2)} dB, plain AE ${plainResult.psnrDenoised.toFixed(2)} dB, denoising AE ${denoisingResult.psnrDenoised.toFixed(2)} dB`);
  }
});
