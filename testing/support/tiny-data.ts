/**
 * Test-only: small image datasets written at test time (no download, nothing from ../shared):
 * smooth blobs whose position varies, so a tiny autoencoder has something to learn, saved as a
 * float32 .npy of shape (count, size, size).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { encodeNpy } from '../../src/data/npy.js';
import { Random } from '../../src/util/random.js';

export function tinyImages(count: number, size: number, seed = 1): Float32Array {
  const random = new Random(seed);
  const data = new Float32Array(count * size * size);
  for (let n = 0; n < count; n++) {
    const cy = random.next() * size;
    const cx = random.next() * size;
    const radius = 1 + random.next() * (size / 4);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d2 = (y - cy) ** 2 + (x - cx) ** 2;
        data[(n * size + y) * size + x] = Math.exp(-d2 / (2 * radius * radius));
      }
    }
  }
  return data;
}

/** Writes `<dir>/<name>` (default tiny.npy) holding `count` images of size x size; returns its path. */
export async function writeTinyNpy(dir: string, count = 96, size = 8, name = 'tiny.npy', seed = 1): Promise<string> {
  const file = path.join(dir, name);
  await fs.mkdir(dir, { recursive: true });
  await fs.writeFile(file, encodeNpy(tinyImages(count, size, seed), [count, size, size]));
  return file;
}
