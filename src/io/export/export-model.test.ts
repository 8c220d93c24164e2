import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../backend/select.js';
import { saveAutoencoder } from '../model-io.js';
import { Autoencoder } from '../../models/autoencoder.js';
import { exportModel } from './export-model.js';
import { runAekit } from '../../../testing/support/cli.js';
import { maxAbsDifference, NO_DIGITS, perturbedModel, runPart, sixteenDigits } from '../../../testing/support/export-fixtures.js';

async function loadStockTfjs(dir: string): Promise<tfl.LayersModel> {
  const modelJson = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
  const weights = await fs.readFile(path.join(dir, 'weights.bin'));
  return tfl.loadLayersModel(tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest[0].weights,
    weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
  }));
}

test('tfjs export: the U-Net and a tied decoder load in stock tfjs-layers (standard layers only) and give aekit\'s outputs', { skip: NO_DIGITS }, async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-tfjs-'));
  const digits = await sixteenDigits();
  for (const [exportCase, part] of [[{ label: 'unet', model: 'unet' }, 'autoencoder'], [{ label: 'tied', model: 'stacked', options: { tiedWeights: true } }, 'decoder']] as const) {
    const model = perturbedModel(exportCase);
    const out = path.join(dir, `${exportCase.label}-${part}`);
    await exportModel(model, out, { format: 'tfjs', part });
    const modelJson = await fs.readFile(path.join(out, 'model.json'), 'utf8');
    assert.doesNotMatch(modelJson, /ChannelConcat|TiedDense/);
    const stock = await loadStockTfjs(out);
    const run = runPart(model, part, digits);
    const input = tf.tensor(run.inputs[0]!.values, run.inputs[0]!.shape);
    const predicted = stock.predict(input) as tf.Tensor;
    assert.ok(maxAbsDifference(predicted.dataSync(), run.outputs[0]!) <= 1e-5, `${exportCase.label} ${part}`);
    tf.dispose([input, predicted]);
  }
});

test('an export that fails names the layer and leaves the previous file as it was, with no temporary file behind', async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-export-'));
  const target = path.join(dir, 'model.onnx');
  await fs.writeFile(target, 'previous');
  const input = tfl.input({ shape: [8, 8, 1], name: 'input' });
  const code = tfl.input({ shape: [4, 4, 1], name: 'code' });
  const encoder = tfl.model({ inputs: input, outputs: tfl.layers.averagePooling2d({ poolSize: 2, name: 'average_pool' }).apply(input) as tfl.SymbolicTensor });
  const decoder = tfl.model({ inputs: code, outputs: tfl.layers.upSampling2d({ size: [2, 2], name: 'up' }).apply(code) as tfl.SymbolicTensor });
  const model = new Autoencoder({ name: 'custom', inputShape: [8, 8, 1], loss: 'mse', options: {} }, encoder, decoder);
  for (const format of ['onnx', 'keras'] as const) {
    await assert.rejects(exportModel(model, target, { format }), /layer 'average_pool' \(AveragePooling2D\)/);
  }
  assert.equal(await fs.readFile(target, 'utf8'), 'previous');
  assert.deepEqual(await fs.readdir(dir), ['model.onnx']);
});

test('aekit export writes each format from a saved run, the metadata inside; a bad --out is a one-line error', async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-export-cli-'));
  const model = perturbedModel({ label: 'conv2', model: 'conv2' });
  await saveAutoencoder(model, path.join(dir, 'run', 'best'));
  await fs.writeFile(path.join(dir, 'run', 'config.json'), JSON.stringify({ dataset: 'mnist' }));
  const onnx = await runAekit(['export', '--model', 'run', '--out', 'model.onnx', '--threshold', '0.02'], dir);
  assert.equal(onnx.code, 0, onnx.stderr);
  assert.match(onnx.stdout, /wrote model\.onnx: conv2 autoencoder as onnx/);
  const bytes = await fs.readFile(path.join(dir, 'model.onnx'));
  assert.ok(bytes.includes(Buffer.from('0.02')) && bytes.includes(Buffer.from('mnist')), 'threshold and dataset in metadata_props');
  const keras = await runAekit(['export', '--model', 'run', '--part', 'encoder', '--out', 'encoder.keras'], dir);
  assert.equal(keras.code, 0, keras.stderr);
  const tfjs = await runAekit(['export', '--model', 'run', '--format', 'tfjs', '--part', 'decoder', '--out', 'web'], dir);
  assert.equal(tfjs.code, 0, tfjs.stderr);
  assert.deepEqual((await fs.readdir(path.join(dir, 'web'))).sort(), ['model.json', 'weights.bin']);
  const bad = await runAekit(['export', '--model', 'run', '--out', 'model.bin'], dir);
  assert.notEqual(bad.code, 0);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /--out 'model.bin' does not end in \.onnx or \.keras/);
});
