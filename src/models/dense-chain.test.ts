import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { Random } from '../util/random.js';
import { assertClose, assertRegistered, nativeCalls, randomValues, SKIP } from '../../testing/support/native.js';
import { applyDenseChain } from './dense-chain.js';
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
test('dense autoencoders reconstruct with one fused kernel per layer, without layer apply, as the stock layers on cpu', { skip: SKIP }, async () => {
  for (const [name, encoderLayers, decoderLayers] of [['dense', 1, 1], ['deep', 4, 4], ['vae', 2, 2]] as const) {
    await tf.setBackend('native');
    const model = buildModel(name, { seed: 3 });
    const x = batch(5, 7);
    const applies = countApplies([model.encoder, model.decoder]);
    nativeCalls.clear();
    const chained = tf.tidy(() => model.reconstructBatch(x, false)).dataSync() as Float32Array;
    const code = tf.tidy(() => model.encodeBatch(x, false)).dataSync() as Float32Array;
    assert.equal(applies(), 0, `${name}: no layer apply`);
    assert.equal(nativeCalls.get('denseBiasActivation'), 2 * encoderLayers + decoderLayers, `${name}: fused kernels`);
    await tf.setBackend('cpu');
    const stock = tf.tidy(() => model.reconstructBatch(x, false)).dataSync() as Float32Array;
    const stockCode = tf.tidy(() => model.encodeBatch(x, false)).dataSync() as Float32Array;
    assert.ok(applies() > 0, `${name}: cpu has no fused kernels, so the layers apply`);
    assertClose(chained, stock, `${name} reconstruction`);
    assertClose(code, stockCode, `${name} code`);
    tf.dispose(x);
  }
  await tf.setBackend('native');
});

test('gradients through the chain (reconstructBatch at inference under tf.grad) are the stock layers\' on cpu', { skip: SKIP }, async () => {
  const gradient = async (backend: string) => {
    await tf.setBackend(backend);
    const model = buildModel('deep', { seed: 4 });
    const x = batch(9, 3);
    const g = tf.grad((input: tf.Tensor) => tf.sum(model.reconstructBatch(input, false)))(x);
    const values = g.dataSync() as Float32Array;
    tf.dispose([x, g]);
    return values;
  };
  nativeCalls.clear();
  const native = await gradient('native');
  assert.equal(nativeCalls.get('denseBiasActivation'), 8);
  assertClose(native, await gradient('cpu'), 'dx');
  await tf.setBackend('native');
});

test('the chain is taken for float32 batches of the input width through Dense layers alone, in training too', { skip: SKIP }, async () => {
  await tf.setBackend('native');
  const dense = buildModel('dense', { seed: 3 });
  const applies = countApplies([dense.encoder, dense.decoder]);
  const x = batch(6, 3);
  const loss = () => dense.computeLoss(x, { training: true, random: new Random(1) }).loss;
  const { value, grads } = tf.variableGrads(loss, dense.trainableVariables);
  assert.equal(applies(), 0, 'training takes the chain');
  assert.equal(Object.keys(grads).length, 4, 'a gradient for each kernel and bias');
  tf.dispose([x, value, ...Object.values(grads)]);
  const wrongWidth = tf.zeros([3, 783]);
  assert.equal(applyDenseChain([dense.encoder], wrongWidth), null, 'a wrong width is left to apply and its error');
  assert.equal(applyDenseChain([dense.encoder], tf.zeros([3, 784], 'int32')), null);
  assert.equal(applyDenseChain([dense.decoder, dense.encoder], batch(8, 2)), null, 'a decoder cannot take images');
  assert.throws(() => dense.encodeBatch(wrongWidth), /783/);
  const conv = buildModel('conv1', { seed: 3 });
  assert.equal(applyDenseChain([conv.encoder], tf.zeros([2, 28, 28, 1])), null, 'convolutions are not a dense chain');
  const vae = buildModel('vae', { seed: 3 }) as VariationalAutoencoder;
  assert.equal(applyDenseChain([vae.posterior], batch(7, 2)), null, 'two outputs are not a chain');
  await tf.setBackend('cpu');
  assert.equal(applyDenseChain([dense.encoder], batch(8, 2)), null, 'a backend without fused kernels');
  await tf.setBackend('native');
});
