/**
 * AutoencoderTransformer on sklearn's digits (8x8 images as 64 columns, 0-16): codes of the
 * asked size, reconstructions back in the data's own units that beat the mean image, the form of
 * X kept, and save / load giving the same codes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../backend/select.js';
import { loadDataset } from '../data/index.js';
import { sklearnCsv } from '../../testing/support/sklearn-data.js';
import { AutoencoderTransformer } from './transformer.js';

let dir = '';

before(async () => {
  await initBackend({ backend: 'auto' });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-transformer-'));
});

after(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test('digits: fitTransform gives codes, inverseTransform gives reconstructions in 0-16 units closer than the mean image; save/load keeps the codes', async (t) => {
  const csv = await sklearnCsv('digits', dir);
  if ('skip' in csv) return t.skip(csv.skip);
  const digits = await loadDataset(csv.file, 'test', { csv: { labelColumn: 'label' } });
  assert.deepEqual([digits.count, digits.shape], [1797, [1, 64, 1]]);
  const X = { data: digits.images, shape: [digits.count, 64] };
  const reducer = new AutoencoderTransformer({ model: 'dense', modelOptions: { hidden: [32], codeSize: 8, codeActivation: 'linear' }, scale: 'minmax', epochs: 30, batchSize: 32, seed: 3 });
  const codes = await reducer.fitTransform(X);
  assert.deepEqual(codes.shape, [1797, 8]);

  const back = await reducer.inverseTransform(codes);
  assert.deepEqual(back.shape, [1797, 64]);
  const mean = new Float64Array(64);
  X.data.forEach((v, i) => (mean[i % 64]! += v / digits.count));
  let modelError = 0;
  let meanError = 0;
  X.data.forEach((v, i) => {
    modelError += (back.data[i]! - v) ** 2;
    meanError += (mean[i % 64]! - v) ** 2;
  });
  // In pixel units (0-16): the 8-number code keeps most of what the mean image misses.
  assert.ok(modelError < 0.35 * meanError, `reconstruction SSE ${modelError.toFixed(0)} vs the mean image's ${meanError.toFixed(0)}`);
  assert.ok(Math.max(...back.data) > 10, 'reconstructions are in the data units (0-16), not the scaled 0-1');

  // Rows in, rows out; a saved and loaded transformer gives the same codes.
  const firstRows = Array.from({ length: 3 }, (_, i) => Array.from(X.data.subarray(i * 64, (i + 1) * 64)));
  const rowCodes = await reducer.transform(firstRows);
  assert.ok(Array.isArray(rowCodes) && rowCodes.length === 3 && rowCodes[0]!.length === 8);
  assert.deepEqual(rowCodes.flat(), Array.from(codes.data.subarray(0, 24)));
  await reducer.save(path.join(dir, 'reducer'));
  const loaded = await AutoencoderTransformer.load(path.join(dir, 'reducer'));
  assert.deepEqual(await loaded.transform(firstRows), rowCodes);
  await assert.rejects(loaded.inverseTransform([[1, 2]]), { message: "AutoencoderTransformer.inverseTransform: codes have shape [2], the model's code is [8]" });
});
