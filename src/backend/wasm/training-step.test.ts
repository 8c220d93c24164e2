/**
 * A real training step of a small conv autoencoder (Conv2D, LeakyReLU, BatchNormalization,
 * MaxPool, UpSampling, Dense) on real MNIST digits: wasm must give the loss and every gradient
 * the cpu backend gives. Tolerance: 1e-4 of each tensor's largest reference magnitude.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readIdxFile } from '../../data/idx.js';
import { missing, realIdxFile } from '../../../testing/support/datasets.js';
import { scatterResizeGrad } from '../shared/resize-nearest-grad.js';
import { assertClose, useBackend } from '../../../testing/support/wasm.js';

const TOLERANCE = 1e-4;
const BATCH = 4;

interface CpuBackend {
  readSync(dataId: object): tf.backend_util.BackendValues;
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

/** tfjs's cpu UpSampling gradient is wrong for batch > 1 (see kernels.test.ts); the reference needs a right one. */
function fixCpuUpsamplingGrad(): void {
  tf.unregisterKernel('ResizeNearestNeighborGrad', 'cpu');
  tf.registerKernel({
    kernelName: 'ResizeNearestNeighborGrad',
    backendName: 'cpu',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { images, dy } = inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
      const dx = new Float32Array(tf.util.sizeFromShape(images.shape));
      // Cast: the kernel runs on the cpu backend, whose data map the base type hides.
      const cpu = backend as unknown as CpuBackend;
      // Cast: tfjs hands kernels a NamedAttrMap; these are ResizeNearestNeighborGrad's attrs.
      scatterResizeGrad(cpu.readSync(dy.dataId) as Float32Array, dy.shape, images.shape[1]!, images.shape[2]!, attrs as never, dx);
      return cpu.makeTensorInfo(images.shape, 'float32', dx);
    },
  });
}

function smallConvAutoencoder(): tfl.LayersModel {
  const input = tfl.input({ shape: [28, 28, 1] });
  let h = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
  h = tfl.layers.leakyReLU({ alpha: 0.2 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'valid', activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.flatten().apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.dense({ units: 7 * 7 * 2, activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.reshape({ targetShape: [7, 7, 2] }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.upSampling2d({ size: [2, 2] }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.upSampling2d({ size: [2, 2] }).apply(h) as tfl.SymbolicTensor;
  const output = tfl.layers.conv2d({ filters: 1, kernelSize: 3, padding: 'same', activation: 'sigmoid' }).apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output });
}

async function mnistBatch(): Promise<Float32Array> {
  const images = await readIdxFile(realIdxFile('mnist', 't10k-images-idx3-ubyte'), 'images', BATCH);
  return Float32Array.from(images.data.subarray(0, BATCH * 784), (v) => v / 255);
}

async function lossAndGrads(backend: 'wasm' | 'cpu', model: tfl.LayersModel, pixels: Float32Array) {
  await useBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(pixels, [BATCH, 28, 28, 1]);
    const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(x, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    const names = Object.keys(grads).sort();
    return { loss: value.dataSync()[0]!, names, grads: names.map((name) => grads[name]!.dataSync() as Float32Array) };
  });
}

test('a conv training step on wasm gives the loss and gradients cpu gives', { skip: missing('mnist') }, async () => {
  fixCpuUpsamplingGrad();
  const pixels = await mnistBatch();
  await useBackend('cpu');
  const model = smallConvAutoencoder();
  const expected = await lossAndGrads('cpu', model, pixels);
  const actual = await lossAndGrads('wasm', model, pixels);
  assert.ok(expected.loss > 0.01, `a fresh model should reconstruct badly; loss ${expected.loss}`);
  assert.ok(Math.abs(actual.loss - expected.loss) <= TOLERANCE * expected.loss, `loss: wasm ${actual.loss} vs cpu ${expected.loss}`);
  assert.deepEqual(actual.names, expected.names);
  assert.equal(actual.names.length, 12, 'every trainable weight (4 conv + 1 dense kernels and biases, BN gamma and beta) has a gradient');
  actual.grads.forEach((grad, i) => assertClose(grad, expected.grads[i]!, TOLERANCE, `gradient of ${actual.names[i]}`));
});
