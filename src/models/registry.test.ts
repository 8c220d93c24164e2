import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend/select.js';
import { buildModel } from './registry.js';
import * as tf from '@tensorflow/tfjs-core';

await initBackend({ backend: 'cpu' });

test('every preset checks its options: one clear error naming the model, the option, the expected and the found value', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['dense', { hidden: 'oops' }, /model 'dense': option 'hidden' must be a list of whole numbers >= 1, got "oops"/],
    ['deep', { codeSize: -3 }, /model 'deep': option 'codeSize' must be a whole number >= 1, got -3/],
    ['dense', { codeActivation: 'swish' }, /model 'dense': option 'codeActivation' must be one of relu, sigmoid, linear, tanh, elu, selu, softplus, got "swish"/],
    ['conv1', { filters: [16, 16, 8] }, /model 'conv1': option 'filters' must be a list of 4 whole numbers >= 1, got \[16,16,8\]/],
    ['conv2', { leakyAlpha: 'a lot' }, /model 'conv2': option 'leakyAlpha' must be a number >= 0, got "a lot"/],
    ['keras-conv-denoise', { filters: 0 }, /model 'keras-conv-denoise': option 'filters' must be a whole number >= 1, got 0/],
    ['stacked', { hidden: [300, 1.5] }, /model 'stacked': option 'hidden' must be a list of whole numbers >= 1, got \[300,1.5\]/],
    ['sparse', { hiddenActivation: 7 }, /model 'sparse': option 'hiddenActivation' must be one of .*, got 7/],
  ];
  for (const [name, options, message] of cases) {
    assert.throws(() => buildModel(name, { options }), message, `${name} ${JSON.stringify(options)}`);
  }
  // Valid options still build, with the values given.
  assert.equal(buildModel('dense', { options: { hidden: [64], codeSize: 8 } }).codeShape.join(), '8');
});

test("dispose frees every weight of the network, the decoder's too (model.dispose() left them: its layers are in two models)", () => {
  for (const name of ['dense', 'deep', 'conv1', 'vae', 'unet', 'stacked']) {
    const before = tf.memory().numTensors;
    const autoencoder = buildModel(name, { seed: 1 });
    assert.ok(tf.memory().numTensors > before, `${name}: its weights are tensors`);
    autoencoder.dispose();
    assert.equal(tf.memory().numTensors, before, `${name}: tensors left after dispose()`);
    autoencoder.dispose();  // a second call is harmless
  }
});
