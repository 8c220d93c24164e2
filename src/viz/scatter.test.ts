import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PALETTE } from './palette.js';
import { AXIS_COLOR, pixelAt, WHITE } from './raster.js';
import { scatterPlotWithFrame } from './scatter.js';
import { throughPng } from '../../testing/support/viz.js';

test('a class-3 point at the middle of the data lands at the middle of the plot, in PALETTE[3]', () => {
  const points = new Float32Array([0, 0, 10, 10, 5, 5]);
  const { raster, frame } = scatterPlotWithFrame(points, Int32Array.from([0, 1, 3]), { width: 300, height: 240, pointSize: 6 });
  const png = throughPng(raster);
  // The data range [0, 10] gets a symmetric margin, so 5 is the centre of the plot area.
  const centreX = Math.floor(frame.left + (frame.width - 1) / 2 + 0.5);
  const centreY = Math.floor(frame.top + (frame.height - 1) / 2 + 0.5);
  assert.equal(Math.floor(frame.toPixelX(5)), centreX);
  assert.equal(Math.floor(frame.toPixelY(5)), centreY);
  assert.deepEqual(pixelAt(png, centreX, centreY), PALETTE[3]);
  assert.deepEqual(pixelAt(png, centreX + 2, centreY - 2), PALETTE[3]); // a disc, not a dot
  assert.notDeepEqual(pixelAt(png, centreX + 4, centreY - 4), PALETTE[3]);
  // y grows upwards: (10, 10) is top-right, (0, 0) bottom-left, each inside the box.
  assert.deepEqual(pixelAt(png, Math.floor(frame.toPixelX(10)), Math.floor(frame.toPixelY(10))), PALETTE[1]);
  assert.ok(frame.toPixelY(10) < frame.toPixelY(0));
  assert.deepEqual(pixelAt(png, Math.floor(frame.toPixelX(0)), Math.floor(frame.toPixelY(0))), PALETTE[0]);
  // The box around the plot.
  assert.deepEqual(pixelAt(png, frame.left - 1, centreY), AXIS_COLOR);
  assert.deepEqual(pixelAt(png, centreX, frame.top + frame.height), AXIS_COLOR);
});

test('the legend shows a swatch per class present and its name', () => {
  const points = new Float32Array([0, 0, 1, 1, 2, 0]);
  const { raster, frame } = scatterPlotWithFrame(points, Int32Array.from([2, 7, 2]), { classNames: ['zero', 'one', 'two'] });
  const png = throughPng(raster);
  const legendLeft = frame.left + frame.width + 12;
  assert.deepEqual(pixelAt(png, legendLeft + 3, frame.top + 3), PALETTE[2]);
  assert.deepEqual(pixelAt(png, legendLeft + 3, frame.top + 14 + 3), PALETTE[7]);
  assert.deepEqual(pixelAt(png, legendLeft + 3, frame.top + 28 + 3), WHITE); // only two classes
  let textInk = 0;
  for (let y = frame.top; y < frame.top + 8; y++) {
    for (let x = legendLeft + 12; x < legendLeft + 12 + 17; x++) if (pixelAt(png, x, y)[0] < 100) textInk++;
  }
  assert.ok(textInk >= 15, `legend text 'two' has ${textInk} dark pixels`);
});

test('NaN points are skipped and stretch neither the axes nor the legend', () => {
  const clean = scatterPlotWithFrame(new Float32Array([0, 0, 4, 2]), Int32Array.from([0, 1])).raster;
  const withNaN = scatterPlotWithFrame(new Float32Array([0, 0, 4, 2, NaN, 100, 50, Infinity]), Int32Array.from([0, 1, 5, 6])).raster;
  assert.deepEqual(withNaN.data, clean.data);
});

test('all-equal coordinates put the points in the centre of a valid plot', () => {
  const { raster, frame } = scatterPlotWithFrame(new Float32Array([2, 2, 2, 2]), undefined, { width: 200, height: 200 });
  const x = Math.floor(frame.left + (frame.width - 1) / 2 + 0.5);
  const y = Math.floor(frame.top + (frame.height - 1) / 2 + 0.5);
  assert.deepEqual(pixelAt(raster, x, y), PALETTE[0]);
});

test('scatterPlot rejects malformed inputs with the counts it found', () => {
  assert.throws(() => scatterPlotWithFrame(new Float32Array(5), undefined), /even length\), got 5 values/);
  assert.throws(() => scatterPlotWithFrame(new Float32Array(6), Int32Array.from([1, 2])), /labels has 2 entries but points holds 3 points/);
  assert.throws(() => scatterPlotWithFrame(new Float32Array(6), undefined, { width: 60, height: 60 }), /60x60 figure leaves only/);
});
