import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend/select.js';
import { buildFromSpec, buildModel, listModels } from './registry.js';
import { MODEL_LIMITS } from './limits.js';
import { checkModelSpec } from './spec-check.js';

await initBackend({ backend: 'cpu' });

test('every registered model builds within the limits; sizes beyond them are refused before allocating', () => {
  for (const entry of listModels()) buildModel(entry.name).model.dispose();
  assert.throws(() => buildModel('dense', { options: { codeSize: 2_000_000 } }), {
    message: "model 'dense': layer 'code' would hold 1,570,000,000 weights (784 inputs x 2000000 units + bias); one layer may hold at most 16,777,216: choose smaller sizes (-o codeSize, hidden, filters, ...)",
  });
  assert.throws(() => buildModel('conv1', { options: { filters: [16, 16, 8, 300000] } }), /model 'conv1': layer 'encoder_conv4' would hold 21,900,000 weights \(3x3 kernel x 8 channels x 300000 filters \+ bias\)/);
  assert.throws(() => buildModel('conv1', { inputShape: [1024, 1024, 1], options: { filters: [64, 16, 8, 8] } }), /layer 'encoder_conv1' would output 67,108,864 values per sample; at most 16,777,216 are allowed/);
  assert.ok(MODEL_LIMITS.modelWeights > 2_837_314, "the largest preset ('deep') fits with room");
});

test('a model spec read from a file is checked field by field', () => {
  const cases: [unknown, RegExp][] = [
    [null, /^m: expected a model spec object, found null$/],
    [[1], /^m: expected a model spec object, found a list$/],
    [{ name: 3 }, /^m: 'name' must be a model name, found 3$/],
    [{ name: 'dense', inputShape: [784, -1] }, /^m: 'inputShape' must be a list of 1 to 3 whole numbers >= 1, found \[784,-1\]$/],
    [{ name: 'dense', inputShape: [1e7] }, /^m: input shape \[10000000\] holds 10,000,000 values per sample; at most 1,048,576 are allowed$/],
    [{ name: 'dense', inputShape: [784], loss: 'mae' }, /^m: 'loss' must be 'mse' or 'bce', found "mae"$/],
    [{ name: 'dense', inputShape: [784], loss: 'mse', options: 'x' }, /^m: 'options' must be an object of model options, found "x"$/],
  ];
  for (const [spec, message] of cases) assert.throws(() => checkModelSpec(spec, 'm'), { message }, JSON.stringify(spec));
  assert.throws(() => buildFromSpec({ name: 'nope', inputShape: [4], loss: 'mse', options: {} }), /unknown model 'nope'/);
});
