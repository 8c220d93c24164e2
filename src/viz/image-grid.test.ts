import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparisonGrid } from './comparison-grid.js';
import { imageGrid } from './image-grid.js';
import { pixelAt, WHITE, type Raster } from './raster.js';
import { measureText } from './text.js';
import { throughPng } from '../../testing/support/viz.js';

// Two 2x3 grayscale images with distinct values per pixel, some outside [0, 1] to test clipping.
const first = [0, 0.2, 0.4, 0.6, 0.8, 1];
const second = [-0.5, 1.7, 0.5, 0.25, 0.75, 0.1];
const byte = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255);

function assertImageAt(raster: Raster, values: number[], left: number, top: number, scale: number): void {
  for (let y = 0; y < 2; y++) {
    for (let x = 0; x < 3; x++) {
      const v = byte(values[y * 3 + x]!);
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          assert.deepEqual(pixelAt(raster, left + x * scale + dx, top + y * scale + dy), [v, v, v], `pixel (${x}, ${y}) at +(${dx}, ${dy})`);
        }
      }
    }
  }
}

test('imageGrid places each image at its cell, upscaled by nearest neighbour and clipped to [0, 1]', () => {
  const raster = throughPng(imageGrid(new Float32Array([...first, ...second]), [2, 3, 1], { columns: 2, scale: 3, padding: 2 }));
  // padding | 9 | padding | 9 | padding  by  padding | 6 | padding
  assert.equal(raster.width, 2 + 9 + 2 + 9 + 2);
  assert.equal(raster.height, 2 + 6 + 2);
  assertImageAt(raster, first, 2, 2, 3);
  assertImageAt(raster, second, 13, 2, 3);
  assert.deepEqual(pixelAt(raster, 11, 2), WHITE);
  assert.deepEqual(pixelAt(raster, 1, 1), WHITE);
});

test('imageGrid wraps into rows and leaves unused cells blank', () => {
  const images = new Float32Array([...first, ...second, ...first]);
  const raster = throughPng(imageGrid(images, [2, 3, 1], { columns: 2, rows: 3, scale: 1, padding: 1 }));
  assert.deepEqual([raster.width, raster.height], [1 + 2 * 4, 1 + 3 * 3]);
  assertImageAt(raster, first, 1, 4, 1); // third image: row 1, column 0
  for (let y = 7; y < 9; y++) for (let x = 1; x < 4; x++) assert.deepEqual(pixelAt(raster, x, y), WHITE);
});

test('imageGrid shows RGB images in colour', () => {
  const rgb = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1, 0.5, 0.5, 0.5]); // one 2x2x3 image
  const raster = throughPng(imageGrid(rgb, [2, 2, 3], { columns: 1, scale: 2, padding: 0 }));
  assert.deepEqual(pixelAt(raster, 0, 0), [255, 0, 0]);
  assert.deepEqual(pixelAt(raster, 3, 1), [0, 255, 0]);
  assert.deepEqual(pixelAt(raster, 1, 2), [0, 0, 255]);
  assert.deepEqual(pixelAt(raster, 2, 3), [128, 128, 128]);
});

test('imageGrid defaults to scale 2 for 28x28 images', () => {
  const raster = imageGrid(new Float32Array(784 * 3), [28, 28, 1], { columns: 3, padding: 0 });
  assert.deepEqual([raster.width, raster.height], [168, 56]);
});

test('imageGrid explains a wrong-length buffer, a bad shape and a grid too small', () => {
  assert.throws(
    () => imageGrid(new Float32Array(785), [28, 28, 1], { columns: 4 }),
    { message: 'imageGrid: images has 785 values, which is not a whole, non-zero number of 28x28x1 images (784 values each; 1.0012755102040816 images)' },
  );
  assert.throws(() => imageGrid(new Float32Array(0), [28, 28, 1], { columns: 4 }), /has 0 values/);
  assert.throws(() => imageGrid(new Float32Array(8), [2, 2, 2], { columns: 1 }), /1 or 3 channels, got \[2, 2, 2\]/);
  assert.throws(() => imageGrid(new Float32Array(6 * 5), [2, 3, 1], { columns: 2, rows: 2 }), /5 images do not fit in 2 rows x 2 columns/);
  assert.throws(() => imageGrid(new Float32Array(6), [2, 3, 1], { columns: 1, rowLabels: ['a', 'b'] }), /rowLabels has 2 labels but the grid has 1 rows/);
  assert.throws(() => imageGrid(new Float32Array(6), [2, 3, 1], { columns: 0 }), /columns must be an integer >= 1, got 0/);
});

test('comparisonGrid puts each row under its label, aligned image by image', () => {
  const originals = new Float32Array([...first, ...second, ...first]);
  const reconstructions = new Float32Array([...second, ...first, ...second]);
  const raster = throughPng(
    comparisonGrid([{ label: 'in', images: originals }, { label: 'out', images: reconstructions }], [2, 3, 1], { count: 2, scale: 2 }),
  );
  const labelWidth = 6 + measureText('out').width + 6;
  const left = labelWidth + 2;
  assertImageAt(raster, first, left, 2, 2);
  assertImageAt(raster, second, left + 6 + 2, 2, 2);
  assertImageAt(raster, second, left, 2 + 4 + 2, 2);
  assertImageAt(raster, first, left + 6 + 2, 2 + 4 + 2, 2);
  assert.equal(raster.width, left + 2 * (6 + 2)); // only `count` columns
  // The label column has ink.
  let ink = 0;
  for (let y = 0; y < raster.height; y++) for (let x = 0; x < labelWidth; x++) if (pixelAt(raster, x, y)[0] < 128) ink++;
  assert.ok(ink > 10, `label column has ${ink} dark pixels`);
});

test('comparisonGrid names the row that is short or malformed', () => {
  const three = new Float32Array(18);
  assert.throws(
    () => comparisonGrid([{ label: 'original', images: three }, { label: 'noisy', images: new Float32Array(12) }], [2, 3, 1], { count: 3 }),
    { message: "comparisonGrid: count is 3 but row 'noisy' has only 2 images" },
  );
  assert.throws(
    () => comparisonGrid([{ label: 'recon', images: new Float32Array(7) }], [2, 3, 1]),
    /comparisonGrid: row 'recon' has 7 values, which is not a whole, non-zero number of 2x3x1 images/,
  );
  assert.throws(() => comparisonGrid([], [2, 3, 1]), /rows is empty/);
  // Default count: what every row has, at most 10.
  const wide = comparisonGrid([{ label: 'a', images: new Float32Array(6 * 12) }, { label: 'b', images: new Float32Array(6 * 4) }], [2, 3, 1], { scale: 1 });
  assert.equal(wide.width, 6 + measureText('a').width + 6 + 2 + 4 * (3 + 2));
});
