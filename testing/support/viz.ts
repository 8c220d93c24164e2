/**
 * Test-only helpers for the viz tests: PNG decoding (every pixel check goes through a real PNG)
 * and a small reader for the real MNIST test set. The product never imports this file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { REPO_ROOT, realIdxFile } from './datasets.js';
import { readIdx } from '../../src/data/idx.js';
import { encodePng } from '../../src/viz/png.js';
import type { Raster } from '../../src/viz/raster.js';

export const VIZ_ARTIFACT_DIR = path.join(REPO_ROOT, 'test-artifacts', 'viz');

export function decodePng(buffer: Buffer): Raster {
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data) };
}

/** The raster as a viewer would see it: encoded to PNG and decoded again. */
export function throughPng(raster: Raster): Raster {
  return decodePng(encodePng(raster));
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
