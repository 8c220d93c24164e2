/** Training curves and other series over a shared x axis, with legend, optional log y. */
import { extent, linearAxis, logAxis } from './axis.js';
import { drawChart, tickTargets, type PlotFrame } from './chart.js';
import type { Figure } from './figure.js';
import { classHex } from './palette.js';
import { svgCircle, svgPolyline } from './svg.js';

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

const LINE_WIDTH = 2;
const Y_MARGIN = 0.05;

/**
 * Series i is drawn in palette colour i; NaN / infinite points are skipped and break the line
 * there, and a point with no neighbour is drawn as a dot.
 *
 * @example
 * const figure = lineChart([{ name: 'loss', values: [0.07, 0.03, 0.02] }], { title: 'Training', xLabel: 'epoch', yLabel: 'MSE' });
 * await writeFigure('loss.png', figure);
 */
export function lineChart(series: LineSeries[], options: LineChartOptions = {}): Figure {
  return lineChartWithFrame(series, options).figure;
}

/** lineChart, plus where the data landed (for callers that annotate it, and for tests). */
export function lineChartWithFrame(series: LineSeries[], options: LineChartOptions = {}): { figure: Figure; frame: PlotFrame } {
  const width = options.width ?? 560;
  const height = options.height ?? 360;
  const logY = options.logY ?? false;
  const curves = series.map((s) => finitePoints(s, logY));

  const all = curves.flat();
  const [xMin, xMax] = extent(all.map((p) => p.x)) ?? [0, 1];
  const [yMin, yMax] = extent(all.map((p) => p.y)) ?? (logY ? [1, 10] : [0, 1]);

  const targets = tickTargets(width, height);
  const chart = drawChart(
    {
      width,
      height,
      // Whole-number x (epochs, steps) gets whole-number ticks.
      x: linearAxis(xMin, xMax, 0, targets.x, all.every((p) => Number.isInteger(p.x)) ? 1 : 0),
      y: logY ? logAxis(yMin, yMax, Y_MARGIN) : linearAxis(yMin, yMax, Y_MARGIN, targets.y),
      title: options.title,
      xLabel: options.xLabel,
      yLabel: options.yLabel,
      legend: series.map((s, i) => ({ label: s.name, color: classHex(i), marker: 'line' as const })),
    },
    'lineChart',
  );
  const { frame } = chart;
  const data: string[] = [];
  curves.forEach((points, i) => {
    const color = classHex(i);
    for (const run of unbrokenRuns(points)) {
      const pixels = run.map((p) => [frame.toPixelX(p.x), frame.toPixelY(p.y)] as const);
      data.push(pixels.length === 1 ? svgCircle(pixels[0]![0], pixels[0]![1], 2.5, color) : svgPolyline(pixels, color, LINE_WIDTH));
    }
  });
  return { figure: { width: chart.width, height: chart.height, body: [...chart.under, ...data].join('') }, frame };
}

interface Point {
  x: number;
  y: number;
  index: number;
}

/** Consecutive points without a skipped (non-finite) value between them. */
function unbrokenRuns(points: Point[]): Point[][] {
  const runs: Point[][] = [];
  for (const point of points) {
    const run = runs.at(-1);
    if (run && run.at(-1)!.index === point.index - 1) run.push(point);
    else runs.push([point]);
  }
  return runs;
}

function finitePoints(series: LineSeries, logY: boolean): Point[] {
  if (series.x && series.x.length !== series.values.length) {
    throw new Error(`lineChart: series '${series.name}' has ${series.values.length} values but ${series.x.length} x positions`);
  }
  const points: Point[] = [];
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
