import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { buildModel } from '../models/registry.js';
import { loadAutoencoder, saveAutoencoder } from './model-io.js';
import { Adam } from '../optimizers/adam.js';
import { initBackend } from '../backend/select.js';

await initBackend({ backend: 'cpu' });

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'aekit-io-'));
}

test('a saved conv2 (with BatchNorm statistics) loads back with identical outputs and optimizer state', async () => {
  const dir = path.join(await tempDir(), 'model');
  const ae = buildModel('conv2', { seed: 3 });
  // Move the BatchNorm moving statistics away from their initial values so the test sees them.
  const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 5);
  tf.tidy(() => ae.model.apply(x, { training: true }) as tf.Tensor);
  const adam = new Adam({ learningRate: 0.004 });
  adam.apply(ae.trainableVariables, ae.trainableVariables.map((v) => tf.onesLike(v)));
  await saveAutoencoder(ae, dir, { optimizer: adam, state: { epochsDone: 3 } });
  const loaded = await loadAutoencoder(dir);
  const before = ae.reconstructBatch(x).dataSync();
  const after = loaded.autoencoder.reconstructBatch(x).dataSync();
  assert.deepEqual(Array.from(after), Array.from(before));
  assert.equal(loaded.optimizerState?.iterations, 1);
  assert.equal(loaded.optimizerState?.config.learningRate, 0.004);
  assert.deepEqual(loaded.state, { epochsDone: 3 });
  assert.deepEqual(loaded.autoencoder.spec, ae.spec);
});

/** The decoder/ folder of a save, read the way the dashboard reads it (plain tf.loadLayersModel). */
async function loadSavedDecoder(dir: string): Promise<{ decoder: tfl.LayersModel; classNames: string[] }> {
  const modelJson = JSON.parse(await fs.readFile(path.join(dir, 'decoder', 'model.json'), 'utf8'));
  const weights = await fs.readFile(path.join(dir, 'decoder', 'weights.bin'));
  const decoder = await tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }),
  );
  const classNames = (modelJson.modelTopology.config.layers as { class_name: string }[]).map((l) => l.class_name);
  return { decoder, classNames };
}

test('the saved model.json is a standard TF.js layers model (tf.loadLayersModel reads it)', async () => {
  const dir = path.join(await tempDir(), 'model');
  const ae = buildModel('dense', { seed: 1 });
  await saveAutoencoder(ae, dir);
  const { decoder } = await loadSavedDecoder(dir);
  const z = tf.randomNormal([2, 32], 0, 1, 'float32', 9);
  assert.deepEqual(Array.from((decoder.predict(z) as tf.Tensor).dataSync()), Array.from(ae.decodeBatch(z).dataSync()));
});

test('a tied-weight decoder is saved untied: plain Dense layers holding the transposed encoder kernels', async () => {
  const dir = path.join(await tempDir(), 'model');
  const ae = buildModel('stacked', { seed: 2, options: { tiedWeights: true, hidden: [64], codeSize: 16 } });
  await saveAutoencoder(ae, dir);
  const { decoder, classNames } = await loadSavedDecoder(dir);
  assert.ok(!classNames.includes('TiedDense'), `decoder layers: ${classNames.join(', ')}`);
  assert.ok(classNames.includes('Dense'));
  const z = tf.randomNormal([3, 16], 0, 1, 'float32', 4);
  const expected = ae.decodeBatch(z).dataSync();
  const actual = (decoder.predict(z) as tf.Tensor).dataSync();
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i]! - e) < 1e-6, `output ${i}: ${actual[i]} vs ${e}`));
  // The whole model still loads tied: one kernel per encoder layer, shared with the decoder.
  const loaded = await loadAutoencoder(dir);
  assert.equal(loaded.autoencoder.model.countParams(), ae.model.countParams());
});

test('corrupt or missing saves give clear errors naming the file', async () => {
  const dir = path.join(await tempDir(), 'model');
  await saveAutoencoder(buildModel('dense', { seed: 1 }), dir);
  const weights = path.join(dir, 'weights.bin');
  const bytes = await fs.readFile(weights);
  await fs.writeFile(weights, bytes.subarray(0, 1000));
  await assert.rejects(loadAutoencoder(dir), /weights\.bin: expected 203968 bytes .* found 1000/);
  await assert.rejects(loadAutoencoder(path.join(dir, 'nothing')), /no saved model here/);
  await fs.writeFile(path.join(dir, 'aekit.json'), '{"format": "other"}');
  await assert.rejects(loadAutoencoder(dir), /not an aekit model/);
});

test('a save interrupted after moving the old folder aside still loads the previous save', async () => {
  const dir = path.join(await tempDir(), 'model');
  const ae = buildModel('dense', { seed: 1 });
  await saveAutoencoder(ae, dir);
  // The crash window of replaceFolderAtomic: old folder renamed to .previous, new one not yet in place.
  await fs.rename(dir, `${dir}.previous`);
  const loaded = await loadAutoencoder(dir);
  assert.equal(loaded.dir, `${dir}.previous`);
  assert.equal(loaded.autoencoder.model.countParams(), 50_992);
});
