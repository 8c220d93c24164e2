import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sideBySide, stackVertically } from './compose.js';
import type { Figure } from './figure.js';
import { svgRect } from './svg.js';
import { pixelAt, rendered } from '../../testing/support/viz.js';

/** A figure that is one solid rectangle, so where it lands is easy to see. */
const solid = (width: number, height: number, colour: string): Figure => ({ width, height, body: svgRect(0, 0, width, height, colour) });
const red = solid(10, 6, '#ff0000');
const blue = solid(4, 12, '#0000ff');
const WHITE = [255, 255, 255];

test('sideBySide places panels left to right, tops aligned', () => {
  const figure = sideBySide([{ figure: red }, { figure: blue }], { padding: 3 });
  assert.deepEqual([figure.width, figure.height], [3 + 10 + 3 + 4 + 3, 3 + 12 + 3]);
  const image = rendered(figure);
  assert.deepEqual(pixelAt(image, 3, 3), [255, 0, 0]);
  assert.deepEqual(pixelAt(image, 12, 8), [255, 0, 0]);
  assert.deepEqual(pixelAt(image, 3, 9), WHITE);
  assert.deepEqual(pixelAt(image, 16, 3), [0, 0, 255]);
  assert.deepEqual(pixelAt(image, 19, 14), [0, 0, 255]);
});

test('sideBySide: a title wider than its panel widens the column and centres the panel under it', () => {
  const figure = sideBySide([{ title: 'autoencoder', figure: red }, { figure: blue }], { padding: 2 });
  const image = rendered(figure);
  let redLeft = -1;
  for (let x = 0; x < image.width && redLeft < 0; x++) for (let y = 0; y < image.height; y++) if (pixelAt(image, x, y).join() === '255,0,0') (redLeft = x), (y = image.height);
  assert.ok(redLeft > 2 + 10, `the red panel is centred under its title, at x=${redLeft}`);
  assert.ok(figure.width > 2 + 10 + 2 + 4 + 2 + 40);
});

test('stackVertically centres figures in a column', () => {
  const figure = stackVertically([red, blue], { padding: 1 });
  assert.deepEqual([figure.width, figure.height], [12, 1 + 6 + 1 + 12 + 1]);
  const image = rendered(figure);
  assert.deepEqual(pixelAt(image, 1, 1), [255, 0, 0]);
  assert.deepEqual(pixelAt(image, 4, 8), [0, 0, 255]);
  assert.deepEqual(pixelAt(image, 3, 8), WHITE);
  assert.throws(() => stackVertically([]), /figures is empty/);
  assert.throws(() => sideBySide([red].map((f) => ({ figure: f })), { padding: -1 }), /padding must be a non-negative integer, got -1/);
});
