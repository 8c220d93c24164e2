import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { buildModel } from '../models/registry.js';
import { initBackend } from '../backend/select.js';
import { loadAutoencoder, saveAutoencoder } from './model-handlers.js';
import { saveAutoencoder as saveFolder } from './model-io.js';

await initBackend({ backend: 'cpu' });

/** A tf.io store in memory: what save wrote is what load reads. */
function memoryStore(): tf.io.IOHandler & { saved?: tf.io.ModelArtifacts } {
  const store: tf.io.IOHandler & { saved?: tf.io.ModelArtifacts } = {
    async save(artifacts) {
      store.saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
    async load() {
      if (!store.saved) throw new Error('nothing saved');
      return store.saved;
    },
  };
  return store;
}

test('a conv model saved to a tf.io store loads back with the same spec, state and reconstructions', async () => {
  const ae = buildModel('conv1', { seed: 5 });
  const store = memoryStore();
  await saveAutoencoder(ae, store, { state: { epoch: 2 } });
  assert.equal(store.saved?.format, 'layers-model');
  const loaded = await loadAutoencoder(store);
  assert.deepEqual(loaded.autoencoder.spec, ae.spec);
  assert.deepEqual(loaded.state, { epoch: 2 });
  const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 6);
  assert.deepEqual(Array.from(loaded.autoencoder.reconstructBatch(x).dataSync()), Array.from(ae.reconstructBatch(x).dataSync()));
});

test("a folder's model.json carries the aekit spec, so it loads through tf.io alone (as a page loads it over http)", async () => {
  const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-handlers-')), 'model');
  const ae = buildModel('dense', { seed: 7 });
  await saveFolder(ae, dir);
  const modelJson = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
  const weights = await fs.readFile(path.join(dir, 'weights.bin'));
  const loaded = await loadAutoencoder(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest[0].weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    userDefinedMetadata: modelJson.userDefinedMetadata,
  }));
  const x = tf.randomUniform([2, 784], 0, 1, 'float32', 8);
  assert.deepEqual(Array.from(loaded.autoencoder.reconstructBatch(x).dataSync()), Array.from(ae.reconstructBatch(x).dataSync()));
});

test('a folder path, a URL nothing handles, a model without aekit metadata and short weights give clear errors', async () => {
  const ae = buildModel('dense', { seed: 1 });
  await assert.rejects(saveAutoencoder(ae, 'runs/best'), /'runs\/best' is not a model store URL \(indexeddb:\/\/, .*\); saving to and loading from a folder needs aekit in Node/);
  await assert.rejects(saveAutoencoder(ae, 'indexeddb://best'), /indexeddb:\/\/best: no TF.js model store handles this URL here/);
  const store = memoryStore();
  await saveAutoencoder(ae, store);
  const { userDefinedMetadata: _, ...plain } = store.saved!;
  await assert.rejects(loadAutoencoder(tf.io.fromMemory(plain)), /the model handler: not an aekit model \(format 'undefined', expected 'aekit-model'\)/);
  const short = { ...store.saved!, weightData: (store.saved!.weightData as ArrayBuffer).slice(0, 100) };
  await assert.rejects(loadAutoencoder(tf.io.fromMemory(short)), /the model handler: expected \d+ bytes for the weights listed in model.json, found 100/);
});
