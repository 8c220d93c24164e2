/** Validation of the options every loader shares, and the one pixel conversion they all use. */
import type { UserDataOptions } from './types.js';
import { DATA_LIMITS } from './limits.js';

/** uint8 pixels to floats in [0, 1]. */
export function bytesToUnitFloats(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}

/** Checks a `limit` option; returns undefined when absent. */
export function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`limit must be a positive integer, got ${limit}`);
  return limit;
}

export function checkUserOptions(options: UserDataOptions): void {
  const { imageSize, channels } = options;
  if (imageSize && (imageSize.length !== 2 || imageSize.some((d) => !Number.isInteger(d) || d < 1))) {
    throw new Error(`imageSize must be [height, width] with positive integers, got ${JSON.stringify(imageSize)}`);
  }
  if (channels !== undefined && channels !== 1 && channels !== 3) throw new Error(`channels must be 1 or 3, got ${channels}`);
  if (imageSize && imageSize[0] * imageSize[1] * (channels ?? 1) > DATA_LIMITS.sampleValues) {
    const values = imageSize[0] * imageSize[1] * (channels ?? 1);
    throw new Error(`imageSize (--image-size) ${imageSize.join('x')}: ${values.toLocaleString('en-US')} values per image; at most ${DATA_LIMITS.sampleValues.toLocaleString('en-US')} are allowed (e.g. 1024x1024)`);
  }
}
