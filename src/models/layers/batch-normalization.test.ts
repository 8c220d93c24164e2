import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Random } from '../../util/random.js';
import { assertClose, assertRegistered, nativeCalls, randomValues, SKIP } from '../../../testing/support/native.js';
import { buildModel } from '../registry.js';
import { loadAutoencoder, saveAutoencoder } from '../../io/model-io.js';
import { BatchNormalization, batchNormalization, type BatchNormalizationLayerArgs } from './batch-normalization.js';
import { weightsAfterSgd } from '../../../testing/support/sgd-steps.js';

assertRegistered();

type MakeBatchNorm = (args: BatchNormalizationLayerArgs) => tfl.layers.Layer;
const stock: MakeBatchNorm = (args) => tfl.layers.batchNormalization(args);
const ours: MakeBatchNorm = (args) => batchNormalization(args);

/** Batch norm after a conv (4 channels), after a one-channel conv, and on a rank-2 dense output. */
function buildNet(bn: MakeBatchNorm): tfl.LayersModel {
  const input = tfl.input({ shape: [6, 5, 2] });
  let h = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
  h = bn({ momentum: 0.9 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.leakyReLU({ alpha: 0.2 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same' }).apply(h) as tfl.SymbolicTensor;
  h = bn({ momentum: 0.8, epsilon: 0.01 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.flatten().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.dense({ units: 5 }).apply(h) as tfl.SymbolicTensor;
  h = bn({}).apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: h });
}

/**
 * Builds the net on a backend, sets seeded weights (gamma, beta and the moving statistics too,
 * away from 1 and 0), takes `steps` SGD steps in training mode and returns every weight.
 */
async function trainOn(backend: string, bn: MakeBatchNorm, steps: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const model = buildNet(bn);
  const rng = new Random(41);
  model.setWeights(model.weights.map((w) => {
    const aroundOne = w.name.includes('variance') || w.name.includes('gamma');
    const shape = w.shape as number[];  // weights have no unknown dims
    return tf.tensor(randomValues(rng, tf.util.sizeFromShape(shape), 0.5).map((v) => (aroundOne ? 1 + v : v)), shape);
  }));
  const x = tf.tensor(randomValues(rng, 7 * 6 * 5 * 2), [7, 6, 5, 2]);
  const target = tf.tensor(randomValues(rng, 7 * 5), [7, 5]);
  return weightsAfterSgd(model, x, target, steps, 0.1);
}

// Tolerance: assertClose's 1e-4 of (|expected| + rms). Float rounding (summation order, and
// (x - mean) * scale + beta against tfjs' own order) moves weights by ~1e-6 per step; a wrong
// statistic, momentum or gradient term moves them by the size of the update (~1e-2).
test('trained on native, the fused layer ends with the stock layer\'s weights and moving statistics (cpu)', { skip: SKIP }, async () => {
  const expected = await trainOn('cpu', stock, 4);
  nativeCalls.clear();
  const actual = await trainOn('native', ours, 4);
  assert.equal(nativeCalls.get('batchNormTraining'), 12, 'fused forward: 3 layers x 4 steps');
  assert.equal(nativeCalls.get('batchNormTrainingGrad'), 12, 'fused backward: 3 layers x 4 steps');
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => assertClose(actual[i], e, `weight ${i}`));
  // The moving statistics did move (momentum applied), so the comparison above means something.
  const initial = await trainOn('cpu', stock, 0);
  assert.ok(expected.some((e, i) => e.some((v, j) => Math.abs(v - initial[i][j]) > 1e-3)));
});

test('elsewhere (cpu backend, inference) the layer is the stock one, bit for bit', { skip: SKIP }, async () => {
  assert.deepEqual(await trainOn('cpu', ours, 2), await trainOn('cpu', stock, 2));
  await tf.setBackend('native');
  const x = tf.tensor(randomValues(new Random(43), 3 * 6 * 5 * 2), [3, 6, 5, 2]);
  const [a, b] = [ours, stock].map((bn) => {
    const model = buildNet(bn);
    model.setWeights(model.getWeights().map((w, i) => tf.fill(w.shape, 0.5 + 0.1 * i)));
    return Float32Array.from((model.apply(x, { training: false }) as tf.Tensor).dataSync());
  });
  assert.deepEqual(a, b);
  assert.deepEqual(ours({ name: 'bn_config' }).getConfig(), stock({ name: 'bn_config' }).getConfig());
});

test('a saved conv2 loads back (aekit and plain tf.loadLayersModel) as this layer, with its statistics', { skip: SKIP }, async () => {
  await tf.setBackend('native');
  const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-bn-')), 'model');
  const ae = buildModel('conv2', { seed: 5 });
  const x = tf.tensor(randomValues(new Random(44), 4 * 28 * 28).map((v) => Math.abs(v)), [4, 28, 28, 1]);
  tf.tidy(() => ae.model.apply(x, { training: true }) as tf.Tensor);  // moves the moving statistics
  await saveAutoencoder(ae, dir);
  const expected = ae.reconstructBatch(x).dataSync();
  const movingMean = ae.model.getLayer('decoder_bn1').getWeights()[2].dataSync();
  assert.ok(movingMean.some((v) => v !== 0), 'training moved the moving mean');

  const loaded = (await loadAutoencoder(dir)).autoencoder;
  assert.deepEqual(loaded.reconstructBatch(x).dataSync(), expected);
  assert.deepEqual(loaded.model.getLayer('decoder_bn1').getWeights()[2].dataSync(), movingMean);

  // The SerializationMap now maps 'BatchNormalization' to this class, while model.json keeps the
  // Keras class name.
  const modelJson = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
  const classNames = (modelJson.modelTopology.config.layers as { class_name: string }[]).map((l) => l.class_name);
  assert.equal(classNames.filter((c) => c === 'BatchNormalization').length, 4);
  const weights = await fs.readFile(path.join(dir, 'weights.bin'));
  const plain = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }));
  const norms = plain.layers.filter((l) => l.getClassName() === 'BatchNormalization');
  assert.equal(norms.length, 4);
  for (const layer of norms) assert.ok(layer instanceof BatchNormalization, `${layer.name} is built as aekit's layer`);
  assert.deepEqual((plain.predict(x) as tf.Tensor).dataSync(), expected);
});
