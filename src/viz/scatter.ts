/** 2-D embeddings (latent codes, PCA) as a scatter plot coloured by class, with legend and axes. */
import { linearAxis } from './axis.js';
import { drawChart, tickTargets, type LegendEntry, type PlotFrame } from './chart.js';
import type { Figure } from './figure.js';
import { classHex } from './palette.js';
import { svgCircle } from './svg.js';

export interface ScatterOptions {
  width?: number;
  height?: number;
  title?: string;
  /** Legend name of class k; default: the number k. */
  classNames?: string[];
  xLabel?: string;
  yLabel?: string;
  /** Dot diameter in pixels (default 4). */
  pointSize?: number;
}

const AXIS_MARGIN = 0.05;

/**
 * `points` holds x0, y0, x1, y1, ...; points with a NaN or infinite coordinate are skipped.
 *
 * @example
 * const figure = scatterPlot(new Float32Array([0, 0, 1, 2, 2, 1]), new Int32Array([0, 1, 1]), { title: 'codes', classNames: ['zero', 'one'] });
 */
export function scatterPlot(points: Float32Array, labels: Int32Array | undefined, options: ScatterOptions = {}): Figure {
  return scatterPlotWithFrame(points, labels, options).figure;
}

/** scatterPlot, plus where the data landed (for callers that annotate it, and for tests). */
export function scatterPlotWithFrame(points: Float32Array, labels: Int32Array | undefined, options: ScatterOptions = {}): { figure: Figure; frame: PlotFrame } {
  const count = checkInputs(points, labels);
  const pointSize = options.pointSize ?? 4;
  if (!(pointSize > 0)) throw new Error(`scatterPlot: pointSize must be > 0, got ${pointSize}`);

  const visible: number[] = [];
  let [xMin, xMax, yMin, yMax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < count; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    visible.push(i);
    xMin = Math.min(xMin, x);
    xMax = Math.max(xMax, x);
    yMin = Math.min(yMin, y);
    yMax = Math.max(yMax, y);
  }
  // Nothing to show still gets a readable empty frame.
  if (visible.length === 0) [xMin, xMax, yMin, yMax] = [0, 1, 0, 1];

  const width = options.width ?? 520;
  const height = options.height ?? 420;
  const targets = tickTargets(width, height);
  const chart = drawChart(
    {
      width,
      height,
      x: linearAxis(xMin, xMax, AXIS_MARGIN, targets.x),
      y: linearAxis(yMin, yMax, AXIS_MARGIN, targets.y),
      title: options.title,
      xLabel: options.xLabel,
      yLabel: options.yLabel,
      legend: legendFor(visible, labels, options.classNames),
    },
    'scatterPlot',
  );
  const { frame } = chart;
  const dots = visible.map((i) => svgCircle(frame.toPixelX(points[2 * i]!), frame.toPixelY(points[2 * i + 1]!), pointSize / 2, classHex(labels ? labels[i]! : 0)));
  return { figure: { width: chart.width, height: chart.height, body: [...chart.under, ...dots].join('') }, frame };
}

function checkInputs(points: Float32Array, labels: Int32Array | undefined): number {
  if (points.length % 2 !== 0) {
    throw new Error(`scatterPlot: points must hold x, y pairs (an even length), got ${points.length} values`);
  }
  const count = points.length / 2;
  if (labels && labels.length !== count) {
    throw new Error(`scatterPlot: labels has ${labels.length} entries but points holds ${count} points`);
  }
  return count;
}

function legendFor(visible: number[], labels: Int32Array | undefined, classNames: string[] | undefined): LegendEntry[] {
  if (!labels) return [];
  const classes = [...new Set(visible.map((i) => labels[i]!))].sort((a, b) => a - b);
  return classes.map((label) => ({ label: classNames?.[label] ?? String(label), color: classHex(label), marker: 'dot' as const }));
}
