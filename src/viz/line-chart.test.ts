import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineChartWithFrame } from './line-chart.js';
import { PALETTE } from './palette.js';
import { hasColourNear, inkBox, rendered } from '../../testing/support/viz.js';

test('each series is drawn in its palette colour along its path, and nowhere else', () => {
  const { figure, frame } = lineChartWithFrame(
    [
      { name: 'rising', values: [0, 10], x: [0, 10] },
      { name: 'flat', values: [2, 2, 2, 2, 2, 2], x: [0, 2, 4, 6, 8, 10] },
    ],
    { width: 400, height: 300 },
  );
  const image = rendered(figure);
  for (const t of [1, 2.5, 5, 7.5, 9]) {
    assert.ok(hasColourNear(image, frame.toPixelX(t), frame.toPixelY(t), PALETTE[0]!), `rising line at x=${t}`);
    assert.ok(hasColourNear(image, frame.toPixelX(t), frame.toPixelY(2), PALETTE[1]!), `flat line at x=${t}`);
  }
  // Off the path: no series colour.
  assert.ok(!hasColourNear(image, frame.toPixelX(2), frame.toPixelY(8), PALETTE[0]!, 2));
  assert.ok(!hasColourNear(image, frame.toPixelX(5), frame.toPixelY(6), PALETTE[1]!, 2));
  // The legend right of the plot: a line of each colour, in series order, and the names as text.
  const legend = { left: Math.ceil(frame.left + frame.width + 2), top: Math.floor(frame.top), right: image.width, bottom: Math.ceil(frame.top + 40) };
  let firstRow = -1;
  let secondRow = -1;
  for (let y = legend.top; y < legend.bottom; y++) {
    for (let x = legend.left; x < legend.left + 30; x++) {
      if (firstRow < 0 && hasColourNear(image, x, y, PALETTE[0]!, 0, 20)) firstRow = y;
      if (secondRow < 0 && hasColourNear(image, x, y, PALETTE[1]!, 0, 20)) secondRow = y;
    }
  }
  assert.ok(firstRow >= 0 && secondRow > firstRow, `legend swatches at rows ${firstRow}, ${secondRow}`);
  const names = inkBox(image, { ...legend, left: legend.left + 24 });
  assert.ok(names && names.right - names.left > 25, `legend names have ink: ${JSON.stringify(names)}`);
});

test('NaN and Infinity are skipped and break the line; a lone point is still drawn', () => {
  const { figure, frame } = lineChartWithFrame([{ name: 'loss', values: [1, NaN, 3, Infinity, 5] }], { width: 300, height: 240 });
  // x defaults to 1..5; points 1, 3 and 5 have no finite neighbour, so each is a dot and nothing joins them.
  assert.equal([...figure.body.matchAll(/<polyline/g)].length, 0);
  assert.equal([...figure.body.matchAll(/<circle/g)].length, 3);
  const image = rendered(figure);
  for (const v of [1, 3, 5]) assert.ok(hasColourNear(image, frame.toPixelX(v), frame.toPixelY(v), PALETTE[0]!, 1, 30), `dot at ${v}`);
  assert.ok(!hasColourNear(image, frame.toPixelX(2), frame.toPixelY(2), PALETTE[0]!, 2));
  assert.ok(!hasColourNear(image, frame.toPixelX(4), frame.toPixelY(4), PALETTE[0]!, 2));
});

test('a run of finite points is one line; a gap starts another', () => {
  const { figure } = lineChartWithFrame([{ name: 'val', values: [4, 3, 2, NaN, 1.5, 1.2, 1] }]);
  assert.equal([...figure.body.matchAll(/<polyline points="([^"]+)"/g)].map((m) => m[1]!.split(' ').length).join(','), '3,3');
});

test('logY spaces decades evenly and refuses non-positive values', () => {
  const { figure, frame } = lineChartWithFrame([{ name: 'mse', values: [100, 10, 1] }], { logY: true });
  const mid = frame.toPixelY(10);
  assert.ok(Math.abs(mid - (frame.toPixelY(1) + frame.toPixelY(100)) / 2) < 1e-9);
  assert.ok(hasColourNear(rendered(figure), frame.toPixelX(2), mid, PALETTE[0]!));
  assert.match(figure.body, />100<\/text>/, 'a tick label at 100');
  assert.throws(
    () => lineChartWithFrame([{ name: 'train', values: [1] }, { name: 'val', values: [0.5, NaN, 0, 2] }], { logY: true }),
    { message: "lineChart: logY needs positive values, but series 'val' has 0 at index 2" },
  );
  assert.throws(() => lineChartWithFrame([{ name: 'a', values: [1, 2], x: [1] }]), /series 'a' has 2 values but 1 x positions/);
});

test('axis names and tick labels are text in the figure; a long title widens it', () => {
  const title = 'dense-392 on fashion-mnist: reconstruction loss per epoch, train and validation';
  const { figure, frame } = lineChartWithFrame([{ name: 'loss', values: [0.05, 0.03, 0.02, 0.018] }], { title, xLabel: 'epoch', yLabel: 'MSE', width: 300, height: 220 });
  assert.ok(figure.width > 300, `widened to ${figure.width}`);
  for (const text of ['epoch', 'MSE', '>1<', '>4<']) assert.ok(figure.body.includes(text), text);
  const image = rendered(figure);
  const titleInk = inkBox(image, { left: 0, top: 0, right: image.width, bottom: Math.floor(frame.top) - 8 })!;
  assert.ok(titleInk.left >= 4 && titleInk.right <= image.width - 4, `title inside the figure: ${JSON.stringify(titleInk)} of ${image.width}`);
  // The y name is turned upright: its ink is taller than wide.
  const yName = inkBox(image, { left: 0, top: Math.floor(frame.top), right: 20, bottom: Math.floor(frame.top + frame.height) })!;
  assert.ok(yName.bottom - yName.top > yName.right - yName.left, `upright y label ${JSON.stringify(yName)}`);
});
