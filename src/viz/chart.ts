/**
 * The frame shared by every x/y chart: a title, a boxed plot area with grid lines, tick marks
 * and tick labels, axis names (the y name turned upright) and a legend on the right. The figure
 * grows to fit its text, so no title or label is ever cut. Charts draw their data into the
 * returned PlotFrame's coordinates.
 */
import { axisFraction, type Axis } from './axis.js';
import { checkFigureSize } from './figure.js';
import { svgCircle, svgLine, svgRect, svgText } from './svg.js';
import { textHeight, textWidth } from './text-metrics.js';
import { AXIS_COLOR, FONT_SIZE, GRID_COLOR } from './theme.js';

export interface LegendEntry {
  label: string;
  color: string;
  /** How the entry is drawn: a short line (a series) or a dot (a class of points). */
  marker: 'line' | 'dot';
}

export interface ChartSpec {
  /** The plot's preferred size; the figure widens when its title needs more room. */
  width: number;
  height: number;
  x: Axis;
  y: Axis;
  title?: string | undefined;
  xLabel?: string | undefined;
  yLabel?: string | undefined;
  legend: LegendEntry[];
}

/** The plot area and the data -> pixel mapping of a chart. */
export interface PlotFrame {
  left: number;
  top: number;
  width: number;
  height: number;
  /** The pixel column of an x value. */
  toPixelX(value: number): number;
  /** The pixel row of a y value. */
  toPixelY(value: number): number;
}

export interface ChartFrame {
  /** The figure's final size (at least the spec's). */
  width: number;
  height: number;
  /** Grid, axes, labels and legend, to be drawn under the data. */
  under: string[];
  frame: PlotFrame;
}

const MARGIN = 12;
const TICK_LENGTH = 5;
const GAP = 6;
const LEGEND_SWATCH = 18;
const MIN_PLOT_SIZE = 40;

export function drawChart(spec: ChartSpec, caller: string): ChartFrame {
  checkFigureSize(caller, spec.width, spec.height);
  const tickHeight = textHeight(FONT_SIZE.tick);
  const labelHeight = textHeight(FONT_SIZE.label);
  const titleHeight = spec.title ? textHeight(FONT_SIZE.title) + GAP : 0;
  const yLabelWidth = spec.yLabel ? labelHeight + GAP : 0;
  const yTickWidth = Math.max(0, ...spec.y.labels.map((label) => textWidth(label, FONT_SIZE.tick)));
  const legendWidth = spec.legend.length === 0 ? 0 : 2 * GAP + LEGEND_SWATCH + GAP + Math.max(...spec.legend.map((e) => textWidth(e.label, FONT_SIZE.legend)));
  const lastXLabelOverhang = textWidth(spec.x.labels.at(-1) ?? '', FONT_SIZE.tick) / 2;

  const top = MARGIN + titleHeight + tickHeight / 2;
  const left = MARGIN + yLabelWidth + yTickWidth + GAP / 2 + TICK_LENGTH;
  const right = MARGIN + Math.max(legendWidth, lastXLabelOverhang);
  const bottom = MARGIN + TICK_LENGTH + GAP / 2 + tickHeight + (spec.xLabel ? labelHeight + GAP / 2 : 0);
  const titleWidth = spec.title ? textWidth(spec.title, FONT_SIZE.title, 'bold') + 2 * MARGIN : 0;
  const width = Math.ceil(Math.max(spec.width, titleWidth));
  const height = Math.ceil(spec.height);
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  if (plotWidth < MIN_PLOT_SIZE || plotHeight < MIN_PLOT_SIZE) {
    throw new Error(
      `${caller}: a ${width}x${height} figure leaves only ${Math.max(0, Math.floor(plotWidth))}x${Math.max(0, Math.floor(plotHeight))} pixels ` +
        `for the plot (at least ${MIN_PLOT_SIZE}x${MIN_PLOT_SIZE} needed); make width/height larger`,
    );
  }
  const frame: PlotFrame = {
    left,
    top,
    width: plotWidth,
    height: plotHeight,
    toPixelX: (value) => left + axisFraction(spec.x, value) * plotWidth,
    toPixelY: (value) => top + (1 - axisFraction(spec.y, value)) * plotHeight,
  };

  const under: string[] = [];
  const tickStyle = { size: FONT_SIZE.tick, color: AXIS_COLOR };
  // Grid lines on whole pixels (+0.5) so a 1-pixel line stays crisp.
  const crisp = (v: number) => Math.round(v - 0.5) + 0.5;
  spec.x.ticks.forEach((tick, i) => {
    const px = crisp(frame.toPixelX(tick));
    under.push(svgLine(px, top, px, top + plotHeight, GRID_COLOR));
    under.push(svgLine(px, top + plotHeight, px, top + plotHeight + TICK_LENGTH, AXIS_COLOR));
    under.push(svgText(px, top + plotHeight + TICK_LENGTH + GAP / 2 + tickHeight * 0.8, spec.x.labels[i]!, { ...tickStyle, anchor: 'middle' }));
  });
  spec.y.ticks.forEach((tick, i) => {
    const py = crisp(frame.toPixelY(tick));
    under.push(svgLine(left, py, left + plotWidth, py, GRID_COLOR));
    under.push(svgLine(left - TICK_LENGTH, py, left, py, AXIS_COLOR));
    under.push(svgText(left - TICK_LENGTH - GAP / 2, py + FONT_SIZE.tick * 0.36, spec.y.labels[i]!, { ...tickStyle, anchor: 'end' }));
  });
  under.push(svgRect(crisp(left), crisp(top), Math.round(plotWidth), Math.round(plotHeight), 'none', AXIS_COLOR));

  if (spec.title) under.push(svgText(width / 2, MARGIN + FONT_SIZE.title * 0.93, spec.title, { size: FONT_SIZE.title, weight: 'bold', anchor: 'middle' }));
  if (spec.xLabel) under.push(svgText(left + plotWidth / 2, height - MARGIN - labelHeight * 0.22, spec.xLabel, { size: FONT_SIZE.label, anchor: 'middle' }));
  if (spec.yLabel) under.push(svgText(MARGIN + labelHeight * 0.78, top + plotHeight / 2, spec.yLabel, { size: FONT_SIZE.label, anchor: 'middle', rotate: -90 }));
  spec.legend.forEach((entry, i) => {
    const x = left + plotWidth + 2 * GAP;
    const y = top + GAP + i * (textHeight(FONT_SIZE.legend) + 4) + FONT_SIZE.legend / 2;
    under.push(entry.marker === 'line' ? svgLine(x, y, x + LEGEND_SWATCH, y, entry.color, 2.5) : svgCircle(x + LEGEND_SWATCH / 2, y, 4, entry.color));
    under.push(svgText(x + LEGEND_SWATCH + GAP, y + FONT_SIZE.legend * 0.36, entry.label, { size: FONT_SIZE.legend }));
  });
  return { width, height, under, frame };
}

/** About one x tick per 90 pixels and one y tick per 60, so labels never crowd. */
export function tickTargets(width: number, height: number): { x: number; y: number } {
  const clamp = (value: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, value));
  return { x: clamp(Math.round(width / 90), 3, 10), y: clamp(Math.round(height / 60), 3, 8) };
}
