import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRaster, pixelAt, WHITE } from './raster.js';
import { drawText, measureText } from './text.js';

test('measureText: 6 pixels per character less the trailing gap, 8 rows per line plus 1 between lines', () => {
  assert.deepEqual(measureText(''), { width: 0, height: 0 });
  assert.deepEqual(measureText('A'), { width: 5, height: 8 });
  assert.deepEqual(measureText('Hi'), { width: 11, height: 8 });
  assert.deepEqual(measureText('Hi', 3), { width: 33, height: 24 });
  assert.deepEqual(measureText('a\nbcd'), { width: 17, height: 17 });
  assert.deepEqual(measureText('é字'), measureText('??'));
  assert.throws(() => measureText('x', 1.5), /scale must be a positive integer, got 1.5/);
});

test('drawText puts each glyph pixel at the right place and scale', () => {
  const raster = createRaster(20, 20);
  drawText(raster, 'T', 3, 4, [200, 0, 0], 2);
  // Top bar: 5 columns x 2 pixels wide, 2 rows tall.
  for (let x = 3; x < 13; x++) for (let y = 4; y < 6; y++) assert.deepEqual(pixelAt(raster, x, y), [200, 0, 0]);
  // Stem: glyph column 2 -> pixels 7..8, from glyph row 1 (pixel 6) to row 6 (pixel 17).
  for (let y = 6; y < 18; y++) assert.deepEqual(pixelAt(raster, 7, y), [200, 0, 0]);
  assert.deepEqual(pixelAt(raster, 6, 6), WHITE);
  assert.deepEqual(pixelAt(raster, 9, 6), WHITE);
  assert.deepEqual(pixelAt(raster, 7, 18), WHITE);
  assert.deepEqual(pixelAt(raster, 2, 4), WHITE);
});

test('drawText clips at the edges and draws unknown characters as ?', () => {
  const clipped = createRaster(8, 8);
  drawText(clipped, 'WW', -3, -3);
  const a = createRaster(12, 10);
  const b = createRaster(12, 10);
  drawText(a, '€', 1, 1);
  drawText(b, '?', 1, 1);
  assert.deepEqual(a.data, b.data);
  assert.notDeepEqual(a.data, createRaster(12, 10).data);
});
