/**
 * Images ([0, 1] floats, NHWC, 1 or 3 channels) laid out in a labelled grid, upscaled by whole
 * pixels (nearest neighbour) so individual pixels stay visible.
 */
import { createRaster, fillRect, type Raster } from './raster.js';
import { drawText, measureText } from './text.js';

export type ImageShape = [height: number, width: number, channels: number];

export interface ImageGridOptions {
  columns: number;
  /** Default: as many as the images need. */
  rows?: number;
  /** Whole-pixel upscaling; default about 56 pixels per image side (2 for 28x28). */
  scale?: number;
  /** Blank pixels around and between images (default 2). */
  padding?: number;
  /** One label per row, drawn to its left. */
  rowLabels?: string[];
  title?: string;
}

const TITLE_SCALE = 2;
const LABEL_GAP = 6;

export function imageGrid(images: Float32Array, shape: ImageShape, options: ImageGridOptions): Raster {
  const count = imageCount(images, shape, 'imageGrid: images');
  const [imageHeight, imageWidth, channels] = shape;
  const { columns } = options;
  checkInteger('columns', columns, 1);
  const rows = options.rows ?? Math.ceil(count / columns);
  checkInteger('rows', rows, 1);
  if (count > rows * columns) {
    throw new Error(`imageGrid: ${count} images do not fit in ${rows} rows x ${columns} columns; raise rows/columns or pass fewer images`);
  }
  const scale = options.scale ?? defaultScale(shape);
  checkInteger('scale', scale, 1);
  const padding = options.padding ?? 2;
  checkInteger('padding', padding, 0);
  const rowLabels = options.rowLabels ?? [];
  if (options.rowLabels && rowLabels.length !== rows) {
    throw new Error(`imageGrid: rowLabels has ${rowLabels.length} labels but the grid has ${rows} rows`);
  }

  const cellWidth = imageWidth * scale;
  const cellHeight = imageHeight * scale;
  // The label column: a gap, the longest label, a gap.
  const labelWidth = rowLabels.length ? Math.max(...rowLabels.map((l) => measureText(l).width)) + 2 * LABEL_GAP : 0;
  const title = options.title ? measureText(options.title, TITLE_SCALE) : undefined;
  const titleHeight = title ? title.height + padding + LABEL_GAP : 0;
  const gridWidth = labelWidth + padding + columns * (cellWidth + padding);
  const width = Math.max(gridWidth, title ? title.width + 2 * (padding + LABEL_GAP) : 0);
  const height = titleHeight + padding + rows * (cellHeight + padding);
  const gridLeft = Math.floor((width - gridWidth) / 2) + labelWidth + padding;
  const gridTop = titleHeight + padding;

  const raster = createRaster(width, height);
  if (options.title && title) drawText(raster, options.title, Math.floor((width - title.width) / 2), padding + LABEL_GAP / 2, undefined, TITLE_SCALE);
  rowLabels.forEach((label, row) => {
    const textHeight = measureText(label).height;
    const y = gridTop + row * (cellHeight + padding) + Math.floor((cellHeight - textHeight) / 2);
    drawText(raster, label, gridLeft - padding - labelWidth + LABEL_GAP, y);
  });

  const pixelsPerImage = imageHeight * imageWidth * channels;
  for (let index = 0; index < count; index++) {
    const left = gridLeft + (index % columns) * (cellWidth + padding);
    const top = gridTop + Math.floor(index / columns) * (cellHeight + padding);
    const base = index * pixelsPerImage;
    for (let y = 0; y < imageHeight; y++) {
      for (let x = 0; x < imageWidth; x++) {
        const offset = base + (y * imageWidth + x) * channels;
        const r = toByte(images[offset]!);
        const color = channels === 1 ? ([r, r, r] as const) : ([r, toByte(images[offset + 1]!), toByte(images[offset + 2]!)] as const);
        fillRect(raster, left + x * scale, top + y * scale, scale, scale, color);
      }
    }
  }
  return raster;
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

function toByte(value: number): number {
  // NaN shows as black rather than poisoning the figure.
  if (!(value > 0)) return 0;
  return value >= 1 ? 255 : Math.round(value * 255);
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new Error(`imageGrid: ${name} must be an integer >= ${min}, got ${value}`);
}
