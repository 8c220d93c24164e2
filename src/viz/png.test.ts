import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderPng, writeFigure } from './png.js';
import { figureSvg, type Figure } from './figure.js';
import { svgRect, svgText } from './svg.js';
import { decodePng, inkBox, pixelAt, rendered } from '../../testing/support/viz.js';

const sample: Figure = { width: 40, height: 20, body: svgRect(10, 5, 20, 10, '#fa8000') };

test('renderPng draws the SVG at its size, or scaled', () => {
  const image = decodePng(renderPng(sample));
  assert.deepEqual([image.width, image.height], [40, 20]);
  assert.deepEqual(pixelAt(image, 15, 10), [250, 128, 0]);
  assert.deepEqual(pixelAt(image, 5, 10), [255, 255, 255]);
  const double = decodePng(renderPng(sample, { scale: 2 }));
  assert.deepEqual([double.width, double.height], [80, 40]);
  assert.deepEqual(pixelAt(double, 30, 20), [250, 128, 0]);
  assert.throws(() => renderPng(sample, { scale: 0 }), /scale must be a positive number, got 0/);
});

test('text renders in the bundled font, and markup in a title is text, not SVG', () => {
  const figure: Figure = { width: 200, height: 40, body: svgText(10, 28, 'a < b & "c"', { size: 20 }) };
  assert.match(figureSvg(figure), /a &lt; b &amp; &quot;c&quot;/);
  const ink = inkBox(rendered(figure));
  assert.ok(ink && ink.right - ink.left > 60, `the text has ink: ${JSON.stringify(ink)}`);
});

test('writeFigure writes PNG or SVG by the extension, atomically (no temporary left behind)', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'aekit-viz-'));
  try {
    const png = path.join(dir, 'nested', 'figure.png');
    await writeFigure(png, sample);
    assert.deepEqual(pixelAt(decodePng(await readFile(png)), 15, 10), [250, 128, 0]);
    const svg = path.join(dir, 'nested', 'figure.svg');
    await writeFigure(svg, sample);
    assert.equal((await readFile(svg, 'utf8')).trim(), figureSvg(sample));
    assert.deepEqual((await readdir(path.dirname(png))).sort(), ['figure.png', 'figure.svg']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
