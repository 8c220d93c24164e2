/**
 * The frame shared by every x/y chart: title, boxed plot area with grid, tick marks and labels,
 * axis names and a legend on the right. Charts draw their data into the returned PlotFrame.
 */
import { axisFraction, type Axis } from './axis.js';
import { AXIS_COLOR, createRaster, fillRect, GRID_COLOR, type Raster, type Rgb } from './raster.js';
import { drawText, measureText } from './text.js';

export interface LegendEntry {
  label: string;
  color: Rgb;
}

export interface ChartSpec {
  width: number;
  height: number;
  x: Axis;
  y: Axis;
  title?: string | undefined;
  xLabel?: string | undefined;
  yLabel?: string | undefined;
  legend: LegendEntry[];
}

/** The plot area (inside the box) and the data -> pixel mapping; pixel coordinates are pixel centres. */
export interface PlotFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  toPixelX(value: number): number;
  toPixelY(value: number): number;
}

const MARGIN = 10;
const TICK_LENGTH = 4;
const LABEL_GAP = 3;
const TITLE_SCALE = 2;
const LEGEND_SWATCH = 8;
const LEGEND_ROW = 14;
const MIN_PLOT_SIZE = 30;

export function drawChart(spec: ChartSpec, caller: string): { raster: Raster; frame: PlotFrame } {
  const textHeight = measureText('0').height;
  const titleHeight = spec.title ? measureText(spec.title, TITLE_SCALE).height + 8 : 0;
  const yLabelHeight = spec.yLabel ? textHeight + 6 : 0;
  const yTickWidth = Math.max(0, ...spec.y.labels.map((label) => measureText(label).width));
  const legendWidth = spec.legend.length === 0 ? 0 : 12 + LEGEND_SWATCH + 4 + Math.max(...spec.legend.map((e) => measureText(e.label).width));
  const lastXLabelOverhang = Math.ceil(measureText(spec.x.labels.at(-1) ?? '').width / 2);

  const top = MARGIN + titleHeight + yLabelHeight + Math.ceil(textHeight / 2);
  const left = MARGIN + yTickWidth + LABEL_GAP + TICK_LENGTH + 1;
  const right = MARGIN + Math.max(legendWidth, lastXLabelOverhang) + 1;
  const bottom = MARGIN + TICK_LENGTH + LABEL_GAP + textHeight + (spec.xLabel ? textHeight + 6 : 0) + 1;
  const width = spec.width - left - right;
  const height = spec.height - top - bottom;
  if (width < MIN_PLOT_SIZE || height < MIN_PLOT_SIZE) {
    throw new Error(
      `${caller}: a ${spec.width}x${spec.height} figure leaves only ${Math.max(0, width)}x${Math.max(0, height)} pixels ` +
        `for the plot (at least ${MIN_PLOT_SIZE}x${MIN_PLOT_SIZE} needed); make width/height larger`,
    );
  }

  const frame: PlotFrame = {
    left,
    top,
    width,
    height,
    toPixelX: (value) => left + axisFraction(spec.x, value) * (width - 1) + 0.5,
    toPixelY: (value) => top + (1 - axisFraction(spec.y, value)) * (height - 1) + 0.5,
  };
  const raster = createRaster(spec.width, spec.height);

  spec.x.ticks.forEach((tick, i) => {
    const px = Math.floor(frame.toPixelX(tick));
    fillRect(raster, px, top, 1, height, GRID_COLOR);
    fillRect(raster, px, top + height + 1, 1, TICK_LENGTH, AXIS_COLOR);
    const label = spec.x.labels[i]!;
    drawText(raster, label, px - Math.floor(measureText(label).width / 2), top + height + 1 + TICK_LENGTH + LABEL_GAP);
  });
  spec.y.ticks.forEach((tick, i) => {
    const py = Math.floor(frame.toPixelY(tick));
    fillRect(raster, left, py, width, 1, GRID_COLOR);
    fillRect(raster, left - 1 - TICK_LENGTH, py, TICK_LENGTH, 1, AXIS_COLOR);
    const label = spec.y.labels[i]!;
    // Centre on the capital height (7 rows), not the descender row.
    drawText(raster, label, left - 1 - TICK_LENGTH - LABEL_GAP - measureText(label).width, py - 3);
  });
  drawBox(raster, left - 1, top - 1, width + 2, height + 2);

  if (spec.title) {
    const titleWidth = measureText(spec.title, TITLE_SCALE).width;
    drawText(raster, spec.title, Math.max(MARGIN, Math.floor((spec.width - titleWidth) / 2)), MARGIN, undefined, TITLE_SCALE);
  }
  if (spec.yLabel) drawText(raster, spec.yLabel, MARGIN, top - Math.ceil(textHeight / 2) - yLabelHeight);
  if (spec.xLabel) {
    const labelWidth = measureText(spec.xLabel).width;
    drawText(raster, spec.xLabel, left + Math.floor((width - labelWidth) / 2), spec.height - MARGIN - textHeight);
  }
  spec.legend.forEach((entry, i) => {
    const x = left + width + 12;
    const y = top + i * LEGEND_ROW;
    fillRect(raster, x, y, LEGEND_SWATCH, LEGEND_SWATCH, entry.color);
    drawText(raster, entry.label, x + LEGEND_SWATCH + 4, y);
  });
  return { raster, frame };
}

function drawBox(raster: Raster, x: number, y: number, width: number, height: number): void {
  fillRect(raster, x, y, width, 1, AXIS_COLOR);
  fillRect(raster, x, y + height - 1, width, 1, AXIS_COLOR);
  fillRect(raster, x, y, 1, height, AXIS_COLOR);
  fillRect(raster, x + width - 1, y, 1, height, AXIS_COLOR);
}

/** About one x tick per 90 pixels and one y tick per 60, so labels never crowd. */
export function tickTargets(width: number, height: number): { x: number; y: number } {
  const clamp = (value: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, value));
  return { x: clamp(Math.round(width / 90), 3, 10), y: clamp(Math.round(height / 60), 3, 8) };
}
