/**
 * The codes of a dataset as a 2-D scatter plot coloured by class. Codes of more than two
 * dimensions are projected onto their first two principal components, and the title says so.
 */
import { fitPca } from '../evaluation/pca.js';
import { scatterPlot } from '../viz/scatter.js';
import type { Figure } from '../viz/figure.js';
import type { Codes } from '../models/inference.js';

export interface EmbeddingPlotOptions {
  title?: string;
  classNames?: string[];
  width?: number;
  height?: number;
}

/** 2-D points of the codes and how they were obtained. */
export function codesTo2d(codes: Codes): { points: Float32Array; projection: 'none' | 'pca' | 'padded' } {
  if (codes.size === 2) return { points: codes.data, projection: 'none' };
  if (codes.size === 1 || codes.count < 3) {
    // One-dimensional codes: plot them on x, with y = 0 (or take the first two values).
    const points = new Float32Array(codes.count * 2);
    for (let n = 0; n < codes.count; n++) {
      points[2 * n] = codes.data[n * codes.size]!;
      points[2 * n + 1] = codes.size > 1 ? codes.data[n * codes.size + 1]! : 0;
    }
    return { points, projection: 'padded' };
  }
  const pca = fitPca(codes.data, codes.count, codes.size, 2);
  return { points: pca.transform(codes.data, codes.count), projection: 'pca' };
}

/** A scatter plot of the codes coloured by label (PCA to 2-D for larger codes); the title says how they were projected. */
export function embeddingPlot(codes: Codes, options: EmbeddingPlotOptions = {}): Figure {
  const { points, projection } = codesTo2d(codes);
  const base = options.title ?? 'codes';
  const title =
    projection === 'pca' ? `${base}: ${codes.size}-D codes, PCA projection to 2-D` : projection === 'padded' ? `${base}: ${codes.size}-D codes` : `${base}: 2-D codes`;
  return scatterPlot(points, codes.labels, {
    title,
    xLabel: projection === 'pca' ? 'PC 1' : 'code 0',
    yLabel: projection === 'pca' ? 'PC 2' : 'code 1',
    ...(options.classNames ? { classNames: options.classNames } : {}),
    ...(options.width ? { width: options.width } : {}),
    ...(options.height ? { height: options.height } : {}),
  });
}
