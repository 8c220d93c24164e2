import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newRunId, parseTrainRequest, trainArgs } from './train-request.js';
import { HttpError } from './http-util.js';

const GOOD = { model: 'dense', dataset: 'fashion-mnist', epochs: 3, batchSize: 64, learningRate: 0.01, limit: 512, seed: 7 };

function rejection(body: unknown): string {
  try {
    parseTrainRequest(body);
  } catch (error) {
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 400);
    return error.message;
  }
  assert.fail(`accepted ${JSON.stringify(body)}`);
}

test('a valid request passes unchanged and missing numbers take their defaults', () => {
  assert.deepEqual(parseTrainRequest(GOOD), GOOD);
  assert.deepEqual(parseTrainRequest({ model: 'conv1', dataset: 'mnist' }), { model: 'conv1', dataset: 'mnist', epochs: 10, batchSize: 128, learningRate: 0.001, limit: 60000, seed: 1 });
});

test('names outside the allow-lists, paths, out-of-range and non-numeric values are refused', () => {
  assert.match(rejection({ ...GOOD, model: 'dense; rm -rf /' }), /model: expected one of .*dense.*got "dense; rm -rf \/"/);
  assert.match(rejection({ ...GOOD, dataset: '/etc' }), /dataset: expected one of mnist, fashion-mnist/);
  assert.match(rejection({ ...GOOD, dataset: '../runs' }), /dataset/);
  assert.match(rejection({ ...GOOD, epochs: 0 }), /epochs: expected a whole number from 1 to 1000, got 0/);
  assert.match(rejection({ ...GOOD, epochs: 2.5 }), /epochs/);
  assert.match(rejection({ ...GOOD, batchSize: '64' }), /batchSize: .*got "64"/);
  assert.match(rejection({ ...GOOD, learningRate: 5 }), /learningRate: expected a number from 0.000001 to 1|learningRate: expected a number from 1e-6 to 1/);
  assert.match(rejection({ ...GOOD, limit: 1e9 }), /limit/);
  assert.match(rejection({ ...GOOD, seed: -1 }), /seed/);
  assert.match(rejection({ ...GOOD, seed: Number.NaN }), /seed/);
  assert.match(rejection({ ...GOOD, runsDir: '/tmp' }), /unknown field\(s\) runsDir/);
  assert.match(rejection([GOOD]), /expected a JSON object/);
  assert.match(rejection(null), /expected a JSON object/);
});

test('trainArgs is the documented argument array, one value per element', () => {
  assert.deepEqual(trainArgs('/repo/bin/aekit.js', '/data/runs', GOOD, 'r1'), [
    '/repo/bin/aekit.js', 'train', '--model', 'dense', '--dataset', 'fashion-mnist', '--epochs', '3', '--batch-size', '64',
    '--lr', '0.01', '--limit', '512', '--runs-dir', '/data/runs', '--name', 'r1', '--seed', '7',
  ]);
});

test('newRunId is model-dataset-UTC time and skips taken ids', () => {
  const now = new Date('2026-03-04T05:06:07.890Z');
  assert.equal(newRunId(GOOD, now, () => false), 'dense-fashion-mnist-20260304-050607-1');
  const taken = new Set(['dense-fashion-mnist-20260304-050607-1', 'dense-fashion-mnist-20260304-050607-2']);
  assert.equal(newRunId(GOOD, now, (id) => taken.has(id)), 'dense-fashion-mnist-20260304-050607-3');
});
