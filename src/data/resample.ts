/**
 * Resizing and channel conversion for float HWC images. Resizing is separable: each axis uses
 * area averaging when it shrinks (every input pixel counts, so thin strokes survive) and
 * bilinear interpolation with half-pixel centres when it grows or keeps its size.
 */

interface Tap {
  index: number;
  weight: number;
}

/** For each output position along one axis, the input positions and weights that make it. */
export function axisTaps(inSize: number, outSize: number): Tap[][] {
  const scale = inSize / outSize;
  const taps: Tap[][] = [];
  for (let j = 0; j < outSize; j++) {
    if (outSize < inSize) {
      const start = j * scale;
      const end = (j + 1) * scale;
      const row: Tap[] = [];
      for (let i = Math.floor(start); i < Math.min(Math.ceil(end), inSize); i++) {
        const overlap = Math.min(end, i + 1) - Math.max(start, i);
        if (overlap > 0) row.push({ index: i, weight: overlap / scale });
      }
      taps.push(row);
    } else {
      const x = Math.min(Math.max((j + 0.5) * scale - 0.5, 0), inSize - 1);
      const i0 = Math.floor(x);
      const i1 = Math.min(i0 + 1, inSize - 1);
      const t = x - i0;
      taps.push(t === 0 ? [{ index: i0, weight: 1 }] : [{ index: i0, weight: 1 - t }, { index: i1, weight: t }]);
    }
  }
  return taps;
}

/** Resample one HWC image to [outHeight, outWidth] (channels unchanged). */
export function resizeImage(pixels: Float32Array, shape: [number, number, number], size: [number, number]): Float32Array {
  const [height, width, channels] = shape;
  const [outHeight, outWidth] = size;
  if (outHeight === height && outWidth === width) return pixels;
  const across = axisTaps(width, outWidth);
  const down = axisTaps(height, outHeight);
  const wide = new Float32Array(height * outWidth * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < outWidth; x++) {
      for (const { index, weight } of across[x]!) {
        for (let c = 0; c < channels; c++) wide[(y * outWidth + x) * channels + c]! += weight * pixels[(y * width + index) * channels + c]!;
      }
    }
  }
  const out = new Float32Array(outHeight * outWidth * channels);
  for (let y = 0; y < outHeight; y++) {
    for (const { index, weight } of down[y]!) {
      for (let i = 0; i < outWidth * channels; i++) out[y * outWidth * channels + i]! += weight * wide[index * outWidth * channels + i]!;
    }
  }
  return out;
}

/** ITU-R BT.601 luma, the weights PIL and TensorFlow use for RGB -> grayscale. */
export function luma(r: number, g: number, b: number): number {
  return r === g && g === b ? r : 0.299 * r + 0.587 * g + 0.114 * b;
}

/** Convert HWC pixels between 1 (grayscale) and 3 (RGB) channels. */
export function convertChannels(pixels: Float32Array, from: number, to: 1 | 3, what: string): Float32Array {
  if (from === to) return pixels;
  const count = pixels.length / from;
  const out = new Float32Array(count * to);
  if (from === 1 && to === 3) {
    for (let p = 0; p < count; p++) out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = pixels[p]!;
  } else if (from === 3 && to === 1) {
    for (let p = 0; p < count; p++) out[p] = luma(pixels[3 * p]!, pixels[3 * p + 1]!, pixels[3 * p + 2]!);
  } else {
    throw new Error(`${what}: cannot convert ${from} channels to ${to} (only between 1 and 3)`);
  }
  return out;
}
