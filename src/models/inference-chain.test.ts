import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { Random } from '../util/random.js';
import { assertClose, assertRegistered, nativeCalls, randomValues, SKIP } from '../backend/native/test-support.js';
import { applyDenseChain } from './inference-chain.js';
import { buildModel } from './registry.js';
import type { VariationalAutoencoder } from './variants/vae.js';

assertRegistered();

/** Counts the calls of every layer's `apply` in the models (the path the chain skips). */
function countApplies(models: tfl.LayersModel[]): () => number {
  let calls = 0;
  for (const layer of models.flatMap((m) => m.layers)) {
    const apply = layer.apply.bind(layer);
    layer.apply = (...args: Parameters<typeof apply>) => {
      calls++;
      return apply(...args);
    };
  }
  return () => calls;
}

function batch(seed: number, rows: number): tf.Tensor2D {
  return tf.tensor2d(randomValues(new Random(seed), rows * 784).map(Math.abs), [rows, 784]);
}

// Tolerance: assertClose's 1e-4 of (|expected| + rms). The cpu reference runs tfjs's own matMul,
// add and activations: products of <= 1000 terms in another order differ by ~1e-6; a layer
// skipped, repeated or given the wrong activation changes the output by far more.
test('dense chains reconstruct at inference with one fused kernel per layer and no layer apply, as the stock layers on cpu', { skip: SKIP }, async () => {
  for (const [name, denseLayers] of [['dense', 2], ['deep', 8], ['vae', 4]] as const) {
    await tf.setBackend('native');
    const model = buildModel(name, { seed: 3 });
    const x = batch(5, 7);
    const applies = countApplies([model.encoder, model.decoder]);
    nativeCalls.clear();
    const chained = tf.tidy(() => model.reconstructBatch(x, false)).dataSync() as Float32Array;
    assert.equal(applies(), 0, `${name}: no layer apply`);
    assert.equal(nativeCalls.get('denseBiasActivation'), denseLayers, `${name}: fused kernels`);
    await tf.setBackend('cpu');
    const stock = tf.tidy(() => model.reconstructBatch(x, false)).dataSync() as Float32Array;
    assert.ok(applies() > 0, `${name}: cpu has no fused kernels, so the layers apply`);
    assertClose(chained, stock, name);
    tf.dispose(x);
  }
  await tf.setBackend('native');
});

test('the chain is taken only at inference, for float32 batches of the input width, through Dense layers alone', { skip: SKIP }, async () => {
  await tf.setBackend('native');
  const dense = buildModel('dense', { seed: 3 });
  const applies = countApplies([dense.encoder, dense.decoder]);
  tf.dispose(tf.tidy(() => dense.reconstructBatch(batch(6, 3), true)));
  assert.ok(applies() > 0, 'training goes through apply');
  const wrongWidth = tf.zeros([3, 783]);
  assert.equal(applyDenseChain(dense.encoder, wrongWidth), null, 'a wrong width is left to apply and its error');
  assert.equal(applyDenseChain(dense.encoder, tf.zeros([3, 784], 'int32')), null);
  assert.throws(() => dense.encodeBatch(wrongWidth), /783/);
  const conv = buildModel('conv1', { seed: 3 });
  assert.equal(applyDenseChain(conv.encoder, tf.zeros([2, 28, 28, 1])), null, 'convolutions are not a dense chain');
  const vae = buildModel('vae', { seed: 3 }) as VariationalAutoencoder;
  assert.equal(applyDenseChain(vae.posterior, batch(7, 2)), null, 'two outputs are not a chain');
  await tf.setBackend('cpu');
  assert.equal(applyDenseChain(dense.encoder, batch(8, 2)), null, 'a backend without fused kernels');
  await tf.setBackend('native');
});
