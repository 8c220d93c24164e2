import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineChartWithFrame } from './line-chart.js';
import { PALETTE } from './palette.js';
import { pixelAt, type Raster, type Rgb } from './raster.js';
import { throughPng } from '../../testing/support/viz.js';

function hasColorNear(raster: Raster, x: number, y: number, color: Rgb): boolean {
  for (let dy = -1; dy <= 1; dy++) {
    for (let dx = -1; dx <= 1; dx++) {
      const [r, g, b] = pixelAt(raster, Math.floor(x) + dx, Math.floor(y) + dy);
      if (r === color[0] && g === color[1] && b === color[2]) return true;
    }
  }
  return false;
}

test('each series is drawn in its palette colour along its path', () => {
  const { raster, frame } = lineChartWithFrame(
    [
      { name: 'rising', values: [0, 10], x: [0, 10] },
      { name: 'flat', values: [2, 2, 2, 2, 2, 2], x: [0, 2, 4, 6, 8, 10] },
    ],
    { width: 400, height: 300 },
  );
  const png = throughPng(raster);
  for (const t of [1, 2.5, 5, 7.5, 9]) {
    assert.ok(hasColorNear(png, frame.toPixelX(t), frame.toPixelY(t), PALETTE[0]!), `rising line at x=${t}`);
    assert.ok(hasColorNear(png, frame.toPixelX(t), frame.toPixelY(2), PALETTE[1]!), `flat line at x=${t}`);
  }
  // Off the path: no series colour.
  assert.ok(!hasColorNear(png, frame.toPixelX(2), frame.toPixelY(8), PALETTE[0]!));
  assert.ok(!hasColorNear(png, frame.toPixelX(5), frame.toPixelY(6), PALETTE[1]!));
  // Legend swatches, in series order.
  const legendLeft = frame.left + frame.width + 12;
  assert.deepEqual(pixelAt(png, legendLeft + 3, frame.top + 3), PALETTE[0]);
  assert.deepEqual(pixelAt(png, legendLeft + 3, frame.top + 17), PALETTE[1]);
  // The legend names are drawn: 'rising' (35 x 8 pixels) beside the first swatch has ink; past it, none.
  const darkPixels = (x0: number, x1: number) => {
    let count = 0;
    for (let y = frame.top; y < frame.top + 8; y++) for (let x = x0; x < x1; x++) if (pixelAt(png, x, y)[0] < 100) count++;
    return count;
  };
  assert.ok(darkPixels(legendLeft + 12, legendLeft + 12 + 35) >= 30);
  assert.equal(darkPixels(legendLeft + 12 + 36, png.width), 0);
});

test('NaN and Infinity are skipped and break the line; a lone point is still drawn', () => {
  const { raster, frame } = lineChartWithFrame([{ name: 'loss', values: [1, NaN, 3, Infinity, 5] }], { width: 300, height: 240 });
  // x defaults to 1..5; points 1, 3 and 5 have no finite neighbour, so each is a dot and nothing joins them.
  for (const [x, y] of [[1, 1], [3, 3], [5, 5]] as const) {
    assert.deepEqual(pixelAt(raster, Math.floor(frame.toPixelX(x)), Math.floor(frame.toPixelY(y))), PALETTE[0]);
  }
  assert.ok(!hasColorNear(raster, frame.toPixelX(2), frame.toPixelY(2), PALETTE[0]!));
  assert.ok(!hasColorNear(raster, frame.toPixelX(4), frame.toPixelY(4), PALETTE[0]!));
});

test('a single-point series gets a visible marker', () => {
  const { raster, frame } = lineChartWithFrame([{ name: 'one', values: [0.5] }]);
  const x = Math.floor(frame.toPixelX(1));
  const y = Math.floor(frame.toPixelY(0.5));
  assert.deepEqual(pixelAt(raster, x, y), PALETTE[0]);
  assert.deepEqual(pixelAt(raster, x + 1, y + 1), PALETTE[0]);
  // Lone x = 1 is centred in its padded range.
  assert.ok(Math.abs(x - (frame.left + (frame.width - 1) / 2)) <= 1);
});

test('logY spaces decades evenly and refuses non-positive values', () => {
  const { raster, frame } = lineChartWithFrame([{ name: 'mse', values: [100, 10, 1] }], { logY: true });
  const mid = frame.toPixelY(10);
  assert.ok(Math.abs(mid - (frame.toPixelY(1) + frame.toPixelY(100)) / 2) < 1e-9);
  assert.ok(hasColorNear(raster, frame.toPixelX(2), mid, PALETTE[0]!));
  assert.throws(
    () => lineChartWithFrame([{ name: 'train', values: [1] }, { name: 'val', values: [0.5, NaN, 0, 2] }], { logY: true }),
    { message: "lineChart: logY needs positive values, but series 'val' has 0 at index 2" },
  );
  assert.throws(() => lineChartWithFrame([{ name: 'a', values: [1, 2], x: [1] }]), /series 'a' has 2 values but 1 x positions/);
});
