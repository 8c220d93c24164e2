/** Curves over x (loss per epoch and the like): several series, legend, axes, optional log y. */
import { extent, linearAxis, logAxis } from './axis.js';
import { drawChart, tickTargets, type PlotFrame } from './chart.js';
import { classColor } from './palette.js';
import type { Raster } from './raster.js';
import { drawLine, fillDisc } from './shapes.js';

export interface LineSeries {
  name: string;
  values: number[];
  /** Default: 1, 2, ..., n (epoch numbers). */
  x?: number[];
}

export interface LineChartOptions {
  width?: number;
  height?: number;
  title?: string;
  xLabel?: string;
  yLabel?: string;
  logY?: boolean;
}

const LINE_THICKNESS = 2;
const Y_MARGIN = 0.05;

/** Series i is drawn in PALETTE[i]; NaN / infinite points are skipped and break the line there. */
export function lineChart(series: LineSeries[], options: LineChartOptions = {}): Raster {
  return lineChartWithFrame(series, options).raster;
}

/** lineChart, plus where the data landed (for callers that annotate it, and for tests). */
export function lineChartWithFrame(series: LineSeries[], options: LineChartOptions = {}): { raster: Raster; frame: PlotFrame } {
  const width = options.width ?? 560;
  const height = options.height ?? 360;
  const logY = options.logY ?? false;
  const curves = series.map((s) => finitePoints(s, logY));

  const all = curves.flat();
  const [xMin, xMax] = extent(all.map((p) => p.x)) ?? [0, 1];
  const [yMin, yMax] = extent(all.map((p) => p.y)) ?? (logY ? [1, 10] : [0, 1]);

  const targets = tickTargets(width, height);
  const { raster, frame } = drawChart(
    {
      width,
      height,
      // Whole-number x (epochs, steps) gets whole-number ticks.
      x: linearAxis(xMin, xMax, 0, targets.x, all.every((p) => Number.isInteger(p.x)) ? 1 : 0),
      y: logY ? logAxis(yMin, yMax, Y_MARGIN) : linearAxis(yMin, yMax, Y_MARGIN, targets.y),
      title: options.title,
      xLabel: options.xLabel,
      yLabel: options.yLabel,
      legend: series.map((s, i) => ({ label: s.name, color: classColor(i) })),
    },
    'lineChart',
  );
  curves.forEach((points, i) => {
    const color = classColor(i);
    const pixels = points.map((p) => ({ x: frame.toPixelX(p.x), y: frame.toPixelY(p.y), index: p.index }));
    pixels.forEach((p, k) => {
      const next = pixels[k + 1];
      const previous = pixels[k - 1];
      const joinsNext = next !== undefined && next.index === p.index + 1;
      const joinsPrevious = previous !== undefined && previous.index === p.index - 1;
      if (joinsNext) drawLine(raster, p.x, p.y, next.x, next.y, color, LINE_THICKNESS);
      // A point with no neighbour to join would be invisible as a line: mark it.
      if (!joinsNext && !joinsPrevious) fillDisc(raster, p.x, p.y, 2.5, color);
    });
  });
  return { raster, frame };
}

function finitePoints(series: LineSeries, logY: boolean): { x: number; y: number; index: number }[] {
  if (series.x && series.x.length !== series.values.length) {
    throw new Error(`lineChart: series '${series.name}' has ${series.values.length} values but ${series.x.length} x positions`);
  }
  const points: { x: number; y: number; index: number }[] = [];
  series.values.forEach((y, index) => {
    const x = series.x ? series.x[index]! : index + 1;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    if (logY && y <= 0) {
      throw new Error(`lineChart: logY needs positive values, but series '${series.name}' has ${y} at index ${index}`);
    }
    points.push({ x, y, index });
  });
  return points;
}
