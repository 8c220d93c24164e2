import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { encodePng, writePng } from './png.js';
import { createRaster, fillRect } from './raster.js';
import { decodePng } from '../../testing/support/viz.js';

function sample() {
  const raster = createRaster(7, 5, [10, 20, 30]);
  fillRect(raster, 2, 1, 3, 2, [250, 128, 0]);
  return raster;
}

test('encodePng round-trips every pixel', () => {
  const raster = sample();
  const decoded = decodePng(encodePng(raster));
  assert.equal(decoded.width, 7);
  assert.equal(decoded.height, 5);
  assert.deepEqual(decoded.data, raster.data);
  assert.deepEqual(Array.from(encodePng(raster).subarray(1, 4)), [0x50, 0x4e, 0x47]); // "PNG"
});

test('writePng writes the file atomically (no temporary left behind)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'aekit-viz-'));
  try {
    const target = path.join(dir, 'nested', 'figure.png');
    await writePng(target, sample());
    assert.deepEqual(decodePng(await readFile(target)).data, sample().data);
    assert.deepEqual(await readdir(path.dirname(target)), ['figure.png']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('createRaster rejects impossible sizes', () => {
  assert.throws(() => createRaster(0, 5), /width must be a positive integer, got 0/);
  assert.throws(() => createRaster(3, 2.5), /height must be a positive integer, got 2.5/);
});
