import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../backend/select.js';
import { buildModel } from '../models/registry.js';
import { parseCsvMatrix, readNpy } from '../data/index.js';
import { PNG } from 'pngjs';
import { renderPng } from '../viz/index.js';
import { writeCodes } from './encode.js';
import { encodeAll } from '../models/inference.js';
import { codesTo2d, embeddingPlot } from './embedding.js';

test('codes written as .npy and .csv read back exactly', async () => {
  await initBackend({ backend: 'auto' });
  const model = buildModel('dense', { inputShape: [6], options: { codeSize: 3 }, seed: 4 });
  const data = Float32Array.from({ length: 4 * 6 }, (_, i) => (i % 7) / 7);
  const codes = await encodeAll(model, { data, count: 4, sampleShape: [6], labels: Int32Array.from([3, 1, 4, 1]) }, 3);
  const direct = tf.tidy(() => model.encoder.predict(tf.tensor2d(data, [4, 6])) as tf.Tensor).dataSync();
  assert.deepEqual(Array.from(codes.data), Array.from(direct));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-encode-'));
  try {
    await writeCodes(path.join(dir, 'codes.npy'), codes);
    const npy = readNpy(await fs.readFile(path.join(dir, 'codes.npy')), 'codes.npy');
    assert.deepEqual(npy.shape, [4, 3]);
    assert.deepEqual(Array.from(npy.data), Array.from(codes.data));
    await writeCodes(path.join(dir, 'codes.csv'), codes);
    const csv = parseCsvMatrix(await fs.readFile(path.join(dir, 'codes.csv'), 'utf8'), 'codes.csv');
    assert.deepEqual(csv.header, ['code_0', 'code_1', 'code_2', 'label']);
    for (let n = 0; n < 4; n++) {
      assert.deepEqual(Array.from(csv.data.subarray(n * 4, n * 4 + 3)), Array.from(codes.data.subarray(n * 3, n * 3 + 3)));
      assert.equal(csv.data[n * 4 + 3], [3, 1, 4, 1][n]);
    }
    await assert.rejects(writeCodes(path.join(dir, 'codes.txt'), codes), /unknown output format '.txt': expected a .npy or .csv file/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('codes of more than 2 dims are projected with PCA and the plot says so', () => {
  // 3-D codes on a line along (1, 1, 0) plus a small orthogonal spread: PC 1 carries the line.
  const count = 20;
  const data = new Float32Array(count * 3);
  for (let n = 0; n < count; n++) data.set([n, n, (n % 2) * 0.1], n * 3);
  const codes = { data, count, size: 3, labels: Int32Array.from({ length: count }, (_, n) => n % 2) };
  const { points, projection } = codesTo2d(codes);
  assert.equal(projection, 'pca');
  // Projections onto PC 1 are (n - mean) * sqrt(2) up to sign.
  assert.ok(Math.abs(Math.abs(points[2 * 19]! - points[0]!) - 19 * Math.SQRT2) < 1e-3);
  const png = PNG.sync.read(Buffer.from(renderPng(embeddingPlot(codes, { title: 'dense' }))));
  assert.ok(png.width > 100 && png.height > 100);
  assert.deepEqual(codesTo2d({ data: Float32Array.from([1, 2, 3, 4]), count: 2, size: 2 }).points, Float32Array.from([1, 2, 3, 4]));
});
