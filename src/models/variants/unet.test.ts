import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../registry.js';
import { denoiseSamples } from '../../applications/denoising.js';
import { concatChannels } from './channel-concat.js';
import type { NoiseConfig } from './corruption.js';
import { mnistSamples, quickFit } from '../../../testing/support/models.js';
import { missing } from '../../../testing/support/datasets.js';

before(async () => {
  await initBackend({ backend: 'auto' });
});

const IMAGE: number[] = [28, 28, 1];

test('U-Net trained as a denoiser beats the plain conv autoencoder (conv1, same budget) on corrupted MNIST test images', { skip: missing('mnist') }, async () => {
  const train = await mnistSamples('train', 2000, IMAGE);
  const testSet = await mnistSamples('test', 300, IMAGE);
  const noise: NoiseConfig = { noise: 'gaussian', noiseLevel: 0.5 };
  const epochs = 2;
  const plain = buildModel('conv1', { seed: 1 });
  const unet = buildModel('unet', { options: { ...noise }, seed: 1 });
  await quickFit(plain, train, epochs, 1, 3e-3);
  await quickFit(unet, train, epochs, 1, 3e-3);
  const plainResult = await denoiseSamples(plain, testSet, noise, 5);
  const unetResult = await denoiseSamples(unet, testSet, noise, 5);
  assert.equal(plainResult.psnrNoisy, unetResult.psnrNoisy, 'both models see the same corrupted images');
  const margin = unetResult.psnrDenoised - plainResult.psnrDenoised;
  console.log(`gaussian 0.5: noisy ${plainResult.psnrNoisy.toFixed(2)} dB, conv1 ${plainResult.psnrDenoised.toFixed(2)} dB, U-Net ${unetResult.psnrDenoised.toFixed(2)} dB (margin ${margin.toFixed(2)} dB)`);
  assert.ok(unetResult.psnrDenoised > unetResult.psnrNoisy + 5, `the U-Net must denoise: ${unetResult.psnrNoisy} -> ${unetResult.psnrDenoised} dB`);
  assert.ok(margin > 2, `U-Net ${unetResult.psnrDenoised.toFixed(2)} dB vs conv1 ${plainResult.psnrDenoised.toFixed(2)} dB`);
});

test('ChannelConcat (U-Net skips): same values and gradients as tf.concat', () => {
  const [a, b] = [tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 1), tf.randomNormal([2, 3, 3, 5], 0, 1, 'float32', 2)];
  const weights = tf.randomNormal([2, 3, 3, 9], 0, 1, 'float32', 3);
  const objective = (concat: (parts: tf.Tensor[]) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(weights, concat([x, y])));
  const ours = tf.grads(objective(concatChannels))([a, b]);
  const reference = tf.grads(objective((parts) => tf.concat(parts, -1)))([a, b]);
  assert.deepEqual(concatChannels([a, b]).arraySync(), tf.concat([a, b], -1).arraySync());
  for (let i = 0; i < 2; i++) assert.deepEqual(ours[i]!.arraySync(), reference[i]!.arraySync());
  // The gradient of sum(w * concat(a, b)) with respect to a is w's first 4 channels: not all zero.
  assert.ok(tf.max(tf.abs(ours[0]!)).dataSync()[0]! > 0);
});
