/**
 * Test-only helpers for the viz tests: PNG decoding (every pixel check goes through a real PNG)
 * and a small reader for the shared MNIST test set. The product never imports this file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { REPO_ROOT, sharedDatasetDir } from './shared-data.js';
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
  const dir = sharedDatasetDir('mnist');
  const imageBytes = gunzipSync(readFileSync(path.join(dir, 't10k-images-idx3-ubyte.gz')));
  const labelBytes = gunzipSync(readFileSync(path.join(dir, 't10k-labels-idx1-ubyte.gz')));
  if (imageBytes.readUInt32BE(0) !== 2051 || labelBytes.readUInt32BE(0) !== 2049) {
    throw new Error(`readMnistTestSubset: ${dir} does not hold MNIST IDX files (bad magic numbers)`);
  }
  const rows = imageBytes.readUInt32BE(8);
  const columns = imageBytes.readUInt32BE(12);
  const pixels = rows * columns;
  const images = new Float32Array(count * pixels);
  for (let i = 0; i < images.length; i++) images[i] = imageBytes[16 + i]! / 255;
  const labels = Int32Array.from(labelBytes.subarray(8, 8 + count));
  return { images, labels };
}
