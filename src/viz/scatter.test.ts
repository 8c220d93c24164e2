import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PALETTE } from './palette.js';
import { scatterPlotWithFrame } from './scatter.js';
import { colourDistance, hasColourNear, inkBox, pixelAt, rendered } from '../../testing/support/viz.js';
import { AXIS_COLOR } from './theme.js';

const hexRgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

test('a class-3 point at the middle of the data lands at the middle of the plot, in PALETTE[3]', () => {
  const points = new Float32Array([0, 0, 10, 10, 5, 5]);
  const { figure, frame } = scatterPlotWithFrame(points, Int32Array.from([0, 1, 3]), { width: 300, height: 240, pointSize: 6 });
  const image = rendered(figure);
  // The data range [0, 10] gets a symmetric margin, so 5 is the centre of the plot area.
  assert.ok(Math.abs(frame.toPixelX(5) - (frame.left + frame.width / 2)) < 1e-9);
  assert.ok(Math.abs(frame.toPixelY(5) - (frame.top + frame.height / 2)) < 1e-9);
  const [cx, cy] = [Math.floor(frame.toPixelX(5)), Math.floor(frame.toPixelY(5))];
  assert.ok(colourDistance(pixelAt(image, cx, cy), PALETTE[3]!) <= 10, `centre ${pixelAt(image, cx, cy)}`);
  assert.ok(!hasColourNear(image, cx + 5, cy - 5, PALETTE[3]!, 0), 'a dot of radius 3, not more');
  // y grows upwards: (10, 10) is top-right, (0, 0) bottom-left.
  assert.ok(hasColourNear(image, frame.toPixelX(10), frame.toPixelY(10), PALETTE[1]!, 0, 20));
  assert.ok(frame.toPixelY(10) < frame.toPixelY(0));
  assert.ok(hasColourNear(image, frame.toPixelX(0), frame.toPixelY(0), PALETTE[0]!, 0, 20));
  // The box around the plot, in the axis grey.
  assert.ok(colourDistance(pixelAt(image, Math.round(frame.left - 0.5), cy + 10), hexRgb(AXIS_COLOR)) <= 10);
});

test('the legend shows a dot per class present, in order, with its name', () => {
  const points = new Float32Array([0, 0, 1, 1, 2, 0]);
  const { figure, frame } = scatterPlotWithFrame(points, Int32Array.from([2, 7, 2]), { classNames: ['zero', 'one', 'two'] });
  assert.ok(figure.body.includes('>two</text>') && figure.body.includes('>7</text>'), 'class 7 has no name: its number');
  const image = rendered(figure);
  const legendLeft = Math.ceil(frame.left + frame.width + 2);
  const rowOf = (colour: readonly number[]) => {
    for (let y = Math.floor(frame.top); y < frame.top + 60; y++) for (let x = legendLeft; x < legendLeft + 30; x++) if (hasColourNear(image, x, y, colour, 0, 15)) return y;
    return -1;
  };
  assert.ok(rowOf(PALETTE[2]!) >= 0 && rowOf(PALETTE[7]!) > rowOf(PALETTE[2]!), `rows ${rowOf(PALETTE[2]!)}, ${rowOf(PALETTE[7]!)}`);
  assert.ok(inkBox(image, { left: legendLeft + 26, top: Math.floor(frame.top), right: image.width, bottom: Math.floor(frame.top + 40) }), 'legend names');
});

test('NaN points are skipped and stretch neither the axes nor the legend', () => {
  const clean = scatterPlotWithFrame(new Float32Array([0, 0, 4, 2]), Int32Array.from([0, 1])).figure;
  const withNaN = scatterPlotWithFrame(new Float32Array([0, 0, 4, 2, NaN, 100, 50, Infinity]), Int32Array.from([0, 1, 5, 6])).figure;
  assert.deepEqual(withNaN, clean);
});

test('all-equal coordinates put the points in the centre of a valid plot', () => {
  const { figure, frame } = scatterPlotWithFrame(new Float32Array([2, 2, 2, 2]), undefined, { width: 200, height: 200 });
  assert.ok(hasColourNear(rendered(figure), frame.left + frame.width / 2, frame.top + frame.height / 2, PALETTE[0]!, 0, 20));
});

test('scatterPlot rejects malformed inputs with the counts it found', () => {
  assert.throws(() => scatterPlotWithFrame(new Float32Array(5), undefined), /even length\), got 5 values/);
  assert.throws(() => scatterPlotWithFrame(new Float32Array(6), Int32Array.from([1, 2])), /labels has 2 entries but points holds 3 points/);
  assert.throws(() => scatterPlotWithFrame(new Float32Array(6), undefined, { width: 60, height: 60 }), /60x60 figure leaves only/);
});
