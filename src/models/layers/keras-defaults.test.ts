import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel } from '../registry.js';
import * as layers from './index.js';

/** Root mean square and largest magnitude of a weight's values. */
function spread(values: Float32Array): { rms: number; max: number } {
  let squares = 0, max = 0;
  for (const v of values) {
    squares += v * v;
    max = Math.max(max, Math.abs(v));
  }
  return { rms: Math.sqrt(squares / values.length), max };
}

test('aekit models start from Keras\'s Glorot-uniform kernels, not tfjs-layers\' truncated normal', async () => {
  await tf.setBackend('cpu');
  const model = buildModel('deep', { seed: 3 }).model;
  const kernel = model.getLayer('encoder_dense1').getWeights()[0]!;
  const { rms, max } = spread(kernel.dataSync() as Float32Array);
  const limit = Math.sqrt(6 / (784 + 1000));
  // Uniform(-limit, limit): every value inside the limit, rms limit/sqrt(3) (0.0335). tfjs's
  // glorotNormal reaches 2 * 0.0335 = 0.067 and has rms 0.0295.
  assert.ok(max <= limit, `largest |w| ${max} exceeds the Glorot-uniform limit ${limit}`);
  assert.ok(max > 0.99 * limit, `largest |w| ${max} should come close to the limit ${limit}`);
  assert.ok(Math.abs(rms - limit / Math.sqrt(3)) < 0.002, `rms ${rms}, expected ${limit / Math.sqrt(3)}`);
  model.dispose();
});

test('the layer factories default to glorotUniform and keep an initializer the caller chose', () => {
  const distributionOf = (layer: { getConfig(): tf.serialization.ConfigDict }) =>
    (layer.getConfig()['kernelInitializer'] as { config: { distribution: string } }).config.distribution;
  assert.equal(distributionOf(layers.dense({ units: 3 })), 'uniform');
  assert.equal(distributionOf(layers.conv2d({ filters: 2, kernelSize: 3 })), 'uniform');
  assert.equal(distributionOf(layers.conv2dTranspose({ filters: 2, kernelSize: 3 })), 'uniform');
  assert.equal(distributionOf(layers.dense({ units: 3, kernelInitializer: 'glorotNormal' })), 'normal');
});
