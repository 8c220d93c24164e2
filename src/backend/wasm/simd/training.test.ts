/**
 * A model trained on the WebAssembly engine ends where the native engine's does: same seed,
 * same real MNIST subset, same epochs and learning rate, test MSE within 2% (issue 22). conv1 covers the
 * convolution, pooling and upsampling kernels and their gradients; dense the fused dense layers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { registerNativeBackend } from '../../native/index.js';
import { buildModel } from '../../../models/registry.js';
import { evaluateReconstruction } from '../../../evaluation/reconstruction.js';
import { registerWasmSimdBackend, WASM_SIMD_BACKEND } from './index.js';
import { nodeHost } from './load-node.js';
import { mnistSamples, quickFit } from '../../../../testing/support/models.js';

const native = registerNativeBackend({ threads: 2 });
await registerWasmSimdBackend({ threads: 2, host: nodeHost });
const SKIP = !native.ok && process.env['AEKIT_SKIP_NATIVE'] === '1' ? 'native engine not built (AEKIT_SKIP_NATIVE=1)' : false;

async function testMse(backend: string, model: string, inputShape: number[]): Promise<number> {
  assert.ok(await tf.setBackend(backend), `tf.setBackend('${backend}')`);
  assert.equal(tf.getBackend(), backend);
  const [train, testSet] = await Promise.all([mnistSamples('train', 768, inputShape), mnistSamples('test', 500, inputShape)]);
  const autoencoder = buildModel(model, { seed: 3 });
  await quickFit(autoencoder, train, 4, 5, 5e-3);
  return (await evaluateReconstruction(autoencoder, testSet)).mse;
}

for (const [model, shape] of [['dense', [784]], ['conv1', [28, 28, 1]]] as const) {
  test(`${model} trained on wasm-simd reaches native's test MSE within 2% (seed 3, 768 MNIST digits, 4 epochs at 5e-3)`, { skip: SKIP }, async () => {
    assert.ok(native.ok, `native backend: ${'why' in native ? native.why : ''}`);
    const onNative = await testMse('native', model, [...shape]);
    const onWasm = await testMse(WASM_SIMD_BACKEND, model, [...shape]);
    const gap = Math.abs(onWasm - onNative) / onNative;
    assert.ok(onNative > 0.005 && onNative < 0.1, `native's test MSE ${onNative} is a trained autoencoder's`);
    console.log(`${model}: native ${onNative.toFixed(5)}, wasm-simd ${onWasm.toFixed(5)}`);
    assert.ok(gap <= 0.02, `${model}: test MSE ${onWasm.toFixed(5)} on wasm-simd vs ${onNative.toFixed(5)} on native (${(100 * gap).toFixed(2)}% apart)`);
  });
}
