/**
 * Images ([0, 1] floats, NHWC, 1 or 3 channels) laid out in a grid, with an optional title, row
 * labels and axis names. The pixels stay exact: the grid is one embedded PNG at the images' own
 * resolution, shown `scale` times larger with nearest-neighbour sampling (`image-rendering`),
 * so each image pixel becomes a `scale` x `scale` block of exactly its value.
 */
import { encode as encodePng } from 'fast-png';
import type { Figure } from './figure.js';
import { escapeXml, svgText } from './svg.js';
import { textHeight, textWidth } from './text-metrics.js';
import { FONT_SIZE } from './theme.js';

export type ImageShape = [height: number, width: number, channels: number];

export interface ImageGridOptions {
  columns: number;
  /** Default: as many as the images need. */
  rows?: number;
  /** Whole-pixel upscaling; default about 56 pixels per image side (2 for 28x28). */
  scale?: number;
  /** Blank image pixels around and between images, before scaling (default 1). */
  padding?: number;
  /** One label per row, drawn to its left. */
  rowLabels?: string[];
  title?: string;
  /** Names of the grid's directions (e.g. the latent coordinates of a manifold). */
  xLabel?: string;
  yLabel?: string;
}

/** Where the images landed in the figure, for callers that annotate them and for tests. */
export interface GridPlacement {
  /** Top-left pixel of image `index`. */
  imageAt(index: number): { left: number; top: number };
  scale: number;
}

const MARGIN = 8;
const GAP = 6;

/**
 * @example
 * // 32 MNIST digits (28x28, values in [0, 1]) in 4 rows of 8, each pixel shown as a 2x2 block:
 * const figure = imageGrid(digits, [28, 28, 1], { columns: 8, title: 'MNIST test digits' });
 * await writeFigure('digits.png', figure);
 */
export function imageGrid(images: Float32Array, shape: ImageShape, options: ImageGridOptions): Figure {
  return imageGridWithPlacement(images, shape, options).figure;
}

/** `imageGrid`, plus where each image landed (for callers that annotate them and for tests). */
export function imageGridWithPlacement(images: Float32Array, shape: ImageShape, options: ImageGridOptions): { figure: Figure; placement: GridPlacement } {
  const count = imageCount(images, shape, 'imageGrid: images');
  const [imageHeight, imageWidth] = shape;
  const { columns } = options;
  checkInteger('columns', columns, 1);
  const rows = options.rows ?? Math.ceil(count / columns);
  checkInteger('rows', rows, 1);
  if (count > rows * columns) {
    throw new Error(`imageGrid: ${count} images do not fit in ${rows} rows x ${columns} columns; raise rows/columns or pass fewer images`);
  }
  const scale = options.scale ?? defaultScale(shape);
  checkInteger('scale', scale, 1);
  const padding = options.padding ?? 1;
  checkInteger('padding', padding, 0);
  const rowLabels = options.rowLabels ?? [];
  if (options.rowLabels && rowLabels.length !== rows) {
    throw new Error(`imageGrid: rowLabels has ${rowLabels.length} labels but the grid has ${rows} rows`);
  }

  const mosaic = buildMosaic(images, shape, count, columns, rows, padding);
  const gridWidth = mosaic.width * scale;
  const gridHeight = mosaic.height * scale;
  const labelSize = FONT_SIZE.label;
  const titleHeight = options.title ? textHeight(FONT_SIZE.title) + GAP : 0;
  const yLabelWidth = options.yLabel ? textHeight(labelSize) + GAP : 0;
  const rowLabelWidth = rowLabels.length ? Math.max(...rowLabels.map((l) => textWidth(l, labelSize))) + GAP : 0;
  const xLabelHeight = options.xLabel ? textHeight(labelSize) + GAP / 2 : 0;
  const titleWidth = options.title ? textWidth(options.title, FONT_SIZE.title, 'bold') : 0;
  const contentWidth = yLabelWidth + rowLabelWidth + gridWidth;
  const width = Math.ceil(2 * MARGIN + Math.max(contentWidth, titleWidth));
  const height = Math.ceil(2 * MARGIN + titleHeight + gridHeight + xLabelHeight);
  // Whole pixels, so the scaled image pixels land exactly on output pixels.
  const gridLeft = Math.round((width - contentWidth) / 2 + yLabelWidth + rowLabelWidth);
  const gridTop = Math.round(MARGIN + titleHeight);

  const parts: string[] = [];
  if (options.title) parts.push(svgText(width / 2, MARGIN + FONT_SIZE.title * 0.93, options.title, { size: FONT_SIZE.title, weight: 'bold', anchor: 'middle' }));
  const cellHeight = (imageHeight + padding) * scale;
  rowLabels.forEach((label, row) => {
    const middle = gridTop + (padding + row * (imageHeight + padding) + imageHeight / 2) * scale;
    parts.push(svgText(gridLeft - GAP, middle + labelSize * 0.36, label, { size: labelSize, anchor: 'end' }));
  });
  if (options.yLabel) {
    const x = gridLeft - rowLabelWidth - GAP - textHeight(labelSize) * 0.22;
    parts.push(svgText(x, gridTop + gridHeight / 2, options.yLabel, { size: labelSize, anchor: 'middle', rotate: -90 }));
  }
  if (options.xLabel) parts.push(svgText(gridLeft + gridWidth / 2, gridTop + gridHeight + GAP / 2 + labelSize * 0.93, options.xLabel, { size: labelSize, anchor: 'middle' }));
  parts.push(
    // Nearest-neighbour sampling: resvg and Firefox read optimizeSpeed, Chromium reads pixelated
    // (each skips the value it does not know, so the last one it knows wins).
    `<image x="${gridLeft}" y="${gridTop}" width="${gridWidth}" height="${gridHeight}" preserveAspectRatio="none" image-rendering="optimizeSpeed" ` +
      `style="image-rendering:pixelated;image-rendering:optimizeSpeed" href="${escapeXml(pngDataUri(mosaic))}"/>`,
  );
  const placement: GridPlacement = {
    scale,
    imageAt: (index) => ({
      left: gridLeft + (padding + (index % columns) * (imageWidth + padding)) * scale,
      top: gridTop + padding * scale + Math.floor(index / columns) * cellHeight,
    }),
  };
  return { figure: { width, height, body: parts.join('') }, placement };
}

interface Mosaic {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** The images side by side at their own resolution, on white. */
function buildMosaic(images: Float32Array, shape: ImageShape, count: number, columns: number, rows: number, padding: number): Mosaic {
  const [imageHeight, imageWidth, channels] = shape;
  const width = padding + columns * (imageWidth + padding);
  const height = padding + rows * (imageHeight + padding);
  const out = channels === 1 ? 1 : 3;
  const data = new Uint8Array(width * height * out).fill(255);
  const perImage = imageHeight * imageWidth * channels;
  for (let index = 0; index < count; index++) {
    const left = padding + (index % columns) * (imageWidth + padding);
    const top = padding + Math.floor(index / columns) * (imageHeight + padding);
    for (let y = 0; y < imageHeight; y++) {
      for (let x = 0; x < imageWidth; x++) {
        const from = index * perImage + (y * imageWidth + x) * channels;
        const to = ((top + y) * width + left + x) * out;
        for (let c = 0; c < out; c++) data[to + c] = toByte(images[from + c]!);
      }
    }
  }
  return { width, height, channels: out, data };
}

/** fast-png (pure JavaScript over fflate) because figures are made in pages too; level 9 packs a digit grid smallest. */
function pngDataUri(mosaic: Mosaic): string {
  const png = encodePng({ ...mosaic, depth: 8 }, { zlib: { level: 9 } });
  return `data:image/png;base64,${base64(png)}`;
}

/** Base64 without Buffer (browsers have none); btoa takes one byte per character. */
function base64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/**
 * How many images a flat NHWC buffer holds; `what` names the buffer in the error
 * (e.g. "comparisonGrid: row 'noisy'").
 */
export function imageCount(images: Float32Array, shape: ImageShape, what: string): number {
  const [height, width, channels] = shape;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1 || (channels !== 1 && channels !== 3)) {
    throw new Error(`${what}: shape must be [height, width, channels] with positive integer sizes and 1 or 3 channels, got [${shape.join(', ')}]`);
  }
  const perImage = height * width * channels;
  if (images.length === 0 || images.length % perImage !== 0) {
    throw new Error(
      `${what} has ${images.length} values, which is not a whole, non-zero number of ${height}x${width}x${channels} images ` +
        `(${perImage} values each; ${images.length / perImage} images)`,
    );
  }
  return images.length / perImage;
}

/** About 56 pixels per side: 2 for 28x28 MNIST, 7 for 8x8 digits, 1 for anything 56+ pixels. */
export function defaultScale(shape: ImageShape): number {
  return Math.max(1, Math.round(56 / Math.max(shape[0], shape[1])));
}

/** A [0, 1] value as a byte; NaN shows as black rather than poisoning the figure. */
export function toByte(value: number): number {
  if (!(value > 0)) return 0;
  return value >= 1 ? 255 : Math.round(value * 255);
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`imageGrid: ${name} must be an integer >= ${min}, got ${value}`);
}

