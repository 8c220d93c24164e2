/**
 * Test-only helpers for the figure tests: every pixel check goes through the real renderer
 * (renderPng) and a real PNG decoder; plus a small reader for the real MNIST test set. The
 * product never imports this file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { REPO_ROOT, realIdxFile } from './datasets.js';
import { readIdx } from '../../src/data/idx.js';
import { renderPng } from '../../src/viz/png.js';
import type { Figure } from '../../src/viz/figure.js';

export const VIZ_ARTIFACT_DIR = path.join(REPO_ROOT, 'test-artifacts', 'viz');

export type Rgb = [number, number, number];

/** An RGBA image as decoded from a PNG. */
export interface Decoded {
  width: number;
  height: number;
  data: Uint8Array;
}

export function decodePng(bytes: Uint8Array): Decoded {
  const png = PNG.sync.read(Buffer.from(bytes));
  return { width: png.width, height: png.height, data: new Uint8Array(png.data) };
}

/** The figure as a viewer sees it: rendered by resvg, encoded to PNG and decoded again. */
export function rendered(figure: Figure, scale = 1): Decoded {
  return decodePng(renderPng(figure, { scale }));
}

export function pixelAt(image: Decoded, x: number, y: number): Rgb {
  if (!Number.isInteger(x) || !Number.isInteger(y) || x < 0 || y < 0 || x >= image.width || y >= image.height) {
    throw new Error(`pixelAt: (${x}, ${y}) is not a pixel of the ${image.width}x${image.height} image`);
  }
  const offset = (y * image.width + x) * 4;
  return [image.data[offset]!, image.data[offset + 1]!, image.data[offset + 2]!];
}

/** Largest difference of one channel between two colours. */
export function colourDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(Math.abs(a[0]! - b[0]!), Math.abs(a[1]! - b[1]!), Math.abs(a[2]! - b[2]!));
}

/** True when some pixel within `radius` of (x, y) is within `tolerance` of `colour` (lines and dots are anti-aliased). */
export function hasColourNear(image: Decoded, x: number, y: number, colour: readonly number[], radius = 1, tolerance = 40): boolean {
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const px = Math.round(x) + dx;
      const py = Math.round(y) + dy;
      if (px < 0 || py < 0 || px >= image.width || py >= image.height) continue;
      if (colourDistance(pixelAt(image, px, py), colour) <= tolerance) return true;
    }
  }
  return false;
}

/** The bounding box of the pixels darker than `threshold` (ink) inside a region, or undefined. */
export function inkBox(image: Decoded, region = { left: 0, top: 0, right: image.width, bottom: image.height }, threshold = 160): { left: number; top: number; right: number; bottom: number } | undefined {
  let box: { left: number; top: number; right: number; bottom: number } | undefined;
  for (let y = region.top; y < region.bottom; y++) {
    for (let x = region.left; x < region.right; x++) {
      const [r, g, b] = pixelAt(image, x, y);
      if ((r + g + b) / 3 >= threshold) continue;
      box = box
        ? { left: Math.min(box.left, x), top: Math.min(box.top, y), right: Math.max(box.right, x + 1), bottom: Math.max(box.bottom, y + 1) }
        : { left: x, top: y, right: x + 1, bottom: y + 1 };
    }
  }
  return box;
}

/** The first `count` MNIST test images as [0, 1] floats (NHWC, 28x28x1) with their labels. */
export function readMnistTestSubset(count: number): { images: Float32Array; labels: Int32Array } {
  const imageFile = realIdxFile('mnist', 't10k-images-idx3-ubyte');
  const labelFile = realIdxFile('mnist', 't10k-labels-idx1-ubyte');
  const images = readIdx(readFileSync(imageFile), imageFile, 'images');
  const labels = readIdx(readFileSync(labelFile), labelFile, 'labels');
  const pixels = images.dims[1]! * images.dims[2]!;
  return { images: Float32Array.from(images.data.subarray(0, count * pixels), (v) => v / 255), labels: Int32Array.from(labels.data.subarray(0, count)) };
}
