/**
 * What the estimators accept as X, as one flat sample array: rows (`number[][]`, one sample per
 * row), a `Float32Array` with its shape ([n, features], [n, height, width] or
 * [n, height, width, channels]), or a loaded dataset (`loadDataset`). Every value is checked here,
 * so a NaN or a ragged row is named by row and column instead of training a model on it.
 */
import type { ImageDataset } from '../data/types.js';

/** Samples as a flat array and its shape, the first dimension the sample count. */
export interface ShapedArray {
  data: Float32Array;
  shape: number[];
}

export type EstimatorInput = number[][] | ShapedArray | ImageDataset;

/** X as flat samples: `count` samples of `sampleShape` ([features], or [height, width, channels]). */
export interface FlatSamples {
  data: Float32Array;
  count: number;
  sampleShape: number[];
  labels?: Int32Array;
}

const FLOAT32_MAX = 3.4028234663852886e38;

function isDataset(x: EstimatorInput): x is ImageDataset {
  return !Array.isArray(x) && 'images' in x && 'count' in x;
}

function checkValue(value: unknown, row: number, column: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > FLOAT32_MAX) {
    throw new Error(`${what}: row ${row}, column ${column}: ${String(value)} is not a finite 32-bit number`);
  }
  return value;
}

function fromRows(rows: number[][], what: string): FlatSamples {
  if (rows.length === 0) throw new Error(`${what}: no samples (an empty array)`);
  const first = rows[0];
  if (!Array.isArray(first) || first.length === 0) throw new Error(`${what}: row 0 is not a non-empty array of numbers`);
  const width = first.length;
  const data = new Float32Array(rows.length * width);
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width) {
      throw new Error(`${what}: row ${r} has ${Array.isArray(row) ? `${row.length} values` : 'no array'}, expected ${width} like row 0`);
    }
    row.forEach((value, c) => (data[r * width + c] = checkValue(value, r, c, what)));
  });
  return { data, count: rows.length, sampleShape: [width] };
}

function fromShaped({ data, shape }: ShapedArray, what: string): FlatSamples {
  if (!(data instanceof Float32Array)) throw new Error(`${what}: data must be a Float32Array`);
  if (!Array.isArray(shape) || shape.length < 2 || shape.length > 4 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new Error(`${what}: shape must be [n, features], [n, height, width] or [n, height, width, channels] with positive whole numbers, got ${JSON.stringify(shape)}`);
  }
  const size = shape.slice(1).reduce((a, b) => a * b, 1);
  if (data.length !== shape[0]! * size) throw new Error(`${what}: shape [${shape.join(', ')}] needs ${shape[0]! * size} values, the data has ${data.length}`);
  for (let i = 0; i < data.length; i++) checkValue(data[i], Math.floor(i / size), i % size, what);
  return { data, count: shape[0]!, sampleShape: shape.slice(1) };
}

/** X checked and flattened; `what` names it in errors (e.g. 'AutoencoderDetector.fit: X'). */
export function flatSamples(x: EstimatorInput, what: string): FlatSamples {
  if (Array.isArray(x)) return fromRows(x, what);
  if (isDataset(x)) {
    if (x.count < 1) throw new Error(`${what}: dataset '${x.name}' holds no samples`);
    const shaped = fromShaped({ data: x.images, shape: [x.count, ...x.shape] }, `${what} (dataset '${x.name}')`);
    return x.labels ? { ...shaped, labels: x.labels } : shaped;
  }
  if (x && typeof x === 'object' && 'data' in x && 'shape' in x) return fromShaped(x, what);
  throw new Error(`${what}: expected number[][], { data: Float32Array, shape }, or a loaded dataset`);
}

/** The [height, width, channels] the model registry sizes models by: a flat row is [1, n, 1]. */
export function imageShapeOf(sampleShape: number[]): [number, number, number] {
  if (sampleShape.length === 1) return [1, sampleShape[0]!, 1];
  return [sampleShape[0]!, sampleShape[1]!, sampleShape[2] ?? 1];
}

/** Equal up to dimensions of 1: a CSV row read as [1, 30, 1] is a sample of [30]; [28, 28, 1] is [28, 28]. */
export function sameSampleShape(a: number[], b: number[]): boolean {
  const squeeze = (shape: number[]) => shape.filter((d) => d !== 1).join('x');
  return squeeze(a) === squeeze(b);
}

/** Per-sample results in the form X came in: rows for rows, a shaped array otherwise. */
export function outputLike(x: EstimatorInput, data: Float32Array, count: number, sampleShape: number[]): number[][] | ShapedArray {
  const size = sampleShape.reduce((a, b) => a * b, 1);
  if (Array.isArray(x)) return Array.from({ length: count }, (_, i) => Array.from(data.subarray(i * size, (i + 1) * size)));
  return { data, shape: [count, ...sampleShape] };
}
