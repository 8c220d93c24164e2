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
import * as layers from './index.js';
import { weightsAfterSgd } from '../../../testing/support/sgd-steps.js';

assertRegistered();

interface Factories {
  dense: (args: layers.DenseLayerArgs) => tfl.layers.Layer;
  conv2d: (args: layers.ConvLayerArgs) => tfl.layers.Layer;
}
const stock: Factories = { dense: (args) => tfl.layers.dense(args), conv2d: (args) => tfl.layers.conv2d(args) };
const ours: Factories = { dense: layers.dense, conv2d: layers.conv2d };

/** Every fused activation tfjs-layers has, one layer without bias, a rank-3 input to a dense layer. */
function buildNet(make: Factories): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 7, 2] });
  const apply = (layer: tfl.layers.Layer, h: tfl.SymbolicTensor) => layer.apply(h) as tfl.SymbolicTensor;
  let h = apply(make.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), input);
  h = apply(make.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'valid', activation: 'sigmoid' }), h);
  h = apply(make.conv2d({ filters: 3, kernelSize: [2, 1], padding: 'same', activation: 'elu', useBias: false }), h);
  h = apply(make.dense({ units: 5, activation: 'tanh' }), h);  // rank 4: the product over the last axis
  h = apply(tfl.layers.flatten(), h);
  h = apply(make.dense({ units: 6, activation: 'elu' }), h);
  h = apply(make.dense({ units: 4, useBias: false }), h);
  return tfl.model({ inputs: input, outputs: apply(make.dense({ units: 3, activation: 'sigmoid' }), h) });
}

/** Builds the net on a backend with seeded weights, takes `steps` SGD steps, returns every weight. */
async function trainOn(backend: string, make: Factories, steps: number): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const model = buildNet(make);
  const rng = new Random(81);
  model.setWeights(model.weights.map((w) => tf.tensor(randomValues(rng, tf.util.sizeFromShape(w.shape as number[]), 0.5), w.shape as number[])));
  const x = tf.tensor(randomValues(rng, 5 * 8 * 7 * 2), [5, 8, 7, 2]);
  const target = tf.tensor(randomValues(rng, 5 * 3).map((v) => Math.abs(v)), [5, 3]);
  return weightsAfterSgd(model, x, target, steps, 0.5);
}

// Tolerance: assertClose's 1e-4 of (|expected| + rms). Summation order and our vectorised exp
// move weights by ~1e-6 per step; a wrong derivative, bias or missing gradient moves them by the
// size of an update (~1e-2, checked below to be non-zero).
test('trained on native, the fused layers end with the stock layers\' weights (cpu)', { skip: SKIP }, async () => {
  const steps = 4;
  const expected = await trainOn('cpu', stock, steps);
  nativeCalls.clear();
  const actual = await trainOn('native', ours, steps);
  assert.equal(nativeCalls.get('conv2dBiasActivation'), 3 * steps, 'fused forward: 3 conv layers');
  assert.equal(nativeCalls.get('denseBiasActivation'), 4 * steps, 'fused forward: 4 dense layers');
  // Backward: dW for 4 dense layers, dx for all 4 (each feeds a trainable layer).
  assert.equal(nativeCalls.get('matmul'), 8 * steps);
  // The first conv's input is the data: only conv 2 and 3 compute an input gradient.
  assert.equal(nativeCalls.get('conv2dBackpropInput'), 2 * steps);
  assert.equal(nativeCalls.get('conv2dBackpropFilter'), 3 * steps);
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => assertClose(actual[i]!, e, `weight ${i}`));
  const initial = await trainOn('cpu', stock, 0);
  expected.forEach((e, i) => assert.ok(e.some((v, j) => Math.abs(v - initial[i]![j]!) > 1e-3), `weight ${i} moved`));
});

test('elsewhere (cpu backend) the layers are the stock ones, bit for bit; same config', { skip: SKIP }, async () => {
  assert.deepEqual(await trainOn('cpu', ours, 2), await trainOn('cpu', stock, 2));
  // Same config as the stock layer given Keras's initializer, which ours default to (keras-defaults.ts).
  const keras = { kernelInitializer: 'glorotUniform' } as const;
  const denseArgs: layers.DenseLayerArgs = { units: 3, activation: 'tanh', useBias: false, name: 'd' };
  assert.deepEqual(ours.dense(denseArgs).getConfig(), stock.dense({ ...denseArgs, ...keras }).getConfig());
  const convArgs: layers.ConvLayerArgs = { filters: 2, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'c' };
  assert.deepEqual(ours.conv2d(convArgs).getConfig(), stock.conv2d({ ...convArgs, ...keras }).getConfig());
});

test('unsupported configurations take the stock path on native', { skip: SKIP }, async () => {
  await tf.setBackend('native');
  const x = tf.tensor(randomValues(new Random(82), 2 * 6 * 6 * 2), [2, 6, 6, 2]);
  const cases: [string, () => tfl.layers.Layer, () => tfl.layers.Layer][] = [
    ['softplus activation', () => layers.dense({ units: 3, activation: 'softplus' }), () => tfl.layers.dense({ units: 3, activation: 'softplus' })],
    ['dilation 2', () => layers.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same' }),
      () => tfl.layers.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same' })],
  ];
  for (const [label, mine, theirs] of cases) {
    const [a, b] = [mine(), theirs()].map((layer) => {
      layer.apply(x);  // builds the weights
      layer.setWeights(layer.getWeights().map((w, i) => tf.fill(w.shape, 0.3 - 0.2 * i)));
      return layer;
    });
    nativeCalls.clear();
    const actual = (a!.apply(x) as tf.Tensor).dataSync();
    assert.equal(nativeCalls.get('denseBiasActivation') ?? nativeCalls.get('conv2dBiasActivation'), undefined, `${label}: stock path`);
    assert.deepEqual(actual, (b!.apply(x) as tf.Tensor).dataSync(), label);
  }
  x.dispose();
});

test('saved presets load back (aekit and plain tf.loadLayersModel) as these layers, Keras class names kept', { skip: SKIP }, async () => {
  await tf.setBackend('native');
  for (const [name, className, count] of [['dense', 'Dense', 2], ['conv1', 'Conv2D', 8]] as const) {
    const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-fused-')), 'model');
    const ae = buildModel(name, { seed: 6 });
    const size = ae.inputShape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(randomValues(new Random(83), 3 * size).map((v) => Math.abs(v)), [3, ...ae.inputShape]);
    await saveAutoencoder(ae, dir);
    nativeCalls.clear();
    const expected = ae.reconstructBatch(x).dataSync();
    assert.ok(nativeCalls.get(name === 'dense' ? 'denseBiasActivation' : 'conv2dBiasActivation'), `${name}: the preset uses the fused layers`);

    const loaded = (await loadAutoencoder(dir)).autoencoder;
    assert.deepEqual(loaded.reconstructBatch(x).dataSync(), expected, `${name}: reloaded output`);
    const modelJson = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
    const classNames = (modelJson.modelTopology.config.layers as { class_name: string }[]).map((l) => l.class_name);
    assert.equal(classNames.filter((c) => c === className).length, count, `${name}: ${className} layers in model.json`);
    const weights = await fs.readFile(path.join(dir, 'weights.bin'));
    const plain = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights, weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) }));
    const ourClass = className === 'Dense' ? layers.Dense : layers.Conv2D;
    const built = plain.layers.filter((l) => l.getClassName() === className);
    assert.equal(built.length, count);
    for (const layer of built) assert.ok(layer instanceof ourClass, `${layer.name} is built as aekit's layer`);
    assert.deepEqual((plain.predict(x) as tf.Tensor).dataSync(), expected, `${name}: plain tfjs reload`);
    x.dispose();
  }
});
