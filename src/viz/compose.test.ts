import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sideBySide, stackVertically } from './compose.js';
import { createRaster, pixelAt, WHITE } from './raster.js';
import { measureText } from './text.js';

const red = createRaster(10, 6, [255, 0, 0]);
const blue = createRaster(4, 12, [0, 0, 255]);

test('sideBySide places panels left to right, tops aligned, under their titles', () => {
  const plain = sideBySide([{ raster: red }, { raster: blue }], { padding: 3 });
  assert.deepEqual([plain.width, plain.height], [3 + 10 + 3 + 4 + 3, 3 + 12 + 3]);
  assert.deepEqual(pixelAt(plain, 3, 3), [255, 0, 0]);
  assert.deepEqual(pixelAt(plain, 12, 8), [255, 0, 0]);
  assert.deepEqual(pixelAt(plain, 3, 9), WHITE);
  assert.deepEqual(pixelAt(plain, 16, 3), [0, 0, 255]);
  assert.deepEqual(pixelAt(plain, 19, 14), [0, 0, 255]);

  // 'ae' (11 px) overhangs the red panel (10 px): the column widens and centres the panel under it.
  const titled = sideBySide([{ title: 'ae', raster: red }, { title: 'PCA', raster: blue }], { padding: 2 });
  const titleHeight = measureText('X').height + 4;
  const pcaWidth = measureText('PCA').width; // wider than the blue panel, so the column widens
  assert.equal(titled.width, 2 + 11 + 2 + pcaWidth + 2);
  assert.deepEqual(pixelAt(titled, 2, 2 + titleHeight), [255, 0, 0]);
  assert.deepEqual(pixelAt(titled, 11, 2 + titleHeight), [255, 0, 0]);
  assert.deepEqual(pixelAt(titled, 12, 2 + titleHeight), WHITE);
  assert.deepEqual(pixelAt(titled, 2, 2 + titleHeight - 1), WHITE);
  const blueLeft = 2 + 11 + 2 + Math.floor((pcaWidth - 4) / 2);
  assert.deepEqual(pixelAt(titled, blueLeft, 2 + titleHeight), [0, 0, 255]);
});

test('stackVertically centres each raster horizontally', () => {
  const stacked = stackVertically([red, blue], { padding: 1 });
  assert.deepEqual([stacked.width, stacked.height], [12, 1 + 6 + 1 + 12 + 1]);
  assert.deepEqual(pixelAt(stacked, 1, 1), [255, 0, 0]);
  assert.deepEqual(pixelAt(stacked, 4, 8), [0, 0, 255]);
  assert.deepEqual(pixelAt(stacked, 3, 8), WHITE);
  assert.throws(() => stackVertically([]), /panels is empty/);
  assert.throws(() => sideBySide([{ raster: red }], { padding: -1 }), /padding must be a non-negative integer, got -1/);
});
