/** Decode PNG and JPEG files (pure JS: pngjs, jpeg-js) into float HWC pixels in [0, 1]. */
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { luma } from './resample.js';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

export interface DecodedImage {
  width: number;
  height: number;
  /** 8-bit RGBA, row-major. */
  rgba: Uint8Array;
}

function isPng(bytes: Uint8Array): boolean {
  return bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
}

function isJpeg(bytes: Uint8Array): boolean {
  return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

/** Decide by content, not by extension: a mislabelled file still loads. */
export function decodeImage(bytes: Uint8Array, what: string): DecodedImage {
  const format = isPng(bytes) ? 'PNG' : isJpeg(bytes) ? 'JPEG' : undefined;
  if (!format) throw new Error(`${what}: not a PNG or JPEG image (unrecognised first bytes)`);
  try {
    if (format === 'PNG') {
      const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
    }
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: image.width, height: image.height, rgba: image.data };
  } catch (error) {
    throw new Error(`${what}: cannot decode ${format}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * RGBA bytes to HWC floats with 1 or 3 channels. Alpha is dropped, as PIL and tf.image do,
 * rather than guessing which background the image was meant to sit on.
 */
export function rgbaToChannels(image: DecodedImage, channels: 1 | 3): Float32Array {
  const pixels = image.width * image.height;
  const out = new Float32Array(pixels * channels);
  const { rgba } = image;
  for (let p = 0; p < pixels; p++) {
    const r = rgba[4 * p]!;
    const g = rgba[4 * p + 1]!;
    const b = rgba[4 * p + 2]!;
    if (channels === 1) {
      out[p] = luma(r, g, b) / 255;
    } else {
      out[3 * p] = r / 255;
      out[3 * p + 1] = g / 255;
      out[3 * p + 2] = b / 255;
    }
  }
  return out;
}
