/**
 * The seed figure of every autoencoder run: the first n originals above their reconstructions
 * (or any number of aligned rows, e.g. noisy / denoised / clean), one labelled row each.
 */
import type { Figure } from './figure.js';
import { imageCount, imageGrid, type ImageShape } from './image-grid.js';

export interface ComparisonRow {
  label: string;
  /** NHWC floats in [0, 1]; image i of every row shows the same sample. */
  images: Float32Array;
}

export interface ComparisonGridOptions {
  /** Images per row; default: as many as every row has, at most 10. */
  count?: number;
  scale?: number;
  title?: string;
}

const DEFAULT_MAX_COUNT = 10;

/**
 * @example
 * const figure = comparisonGrid([{ label: 'original', images: originals }, { label: 'reconstruction', images: outputs }], [28, 28, 1], { title: 'dense on MNIST' });
 */
export function comparisonGrid(rows: ComparisonRow[], shape: ImageShape, options: ComparisonGridOptions = {}): Figure {
  if (rows.length === 0) throw new Error('comparisonGrid: rows is empty; pass at least one { label, images } row');
  const available = rows.map((row) => imageCount(row.images, shape, `comparisonGrid: row '${row.label}'`));
  const count = options.count ?? Math.min(DEFAULT_MAX_COUNT, ...available);
  if (!Number.isInteger(count) || count < 1) throw new Error(`comparisonGrid: count must be a positive integer, got ${count}`);
  rows.forEach((row, i) => {
    if (available[i]! < count) {
      throw new Error(`comparisonGrid: count is ${count} but row '${row.label}' has only ${available[i]} images`);
    }
  });

  const perImage = shape[0] * shape[1] * shape[2];
  const combined = new Float32Array(rows.length * count * perImage);
  rows.forEach((row, i) => combined.set(row.images.subarray(0, count * perImage), i * count * perImage));
  return imageGrid(combined, shape, {
    columns: count,
    rows: rows.length,
    rowLabels: rows.map((row) => row.label),
    ...(options.scale !== undefined && { scale: options.scale }),
    ...(options.title !== undefined && { title: options.title }),
  });
}
