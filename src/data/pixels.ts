/**
 * Images as aekit takes them, whatever decoded them (pngjs and jpeg-js in Node, the browser's
 * own decoder, a canvas's ImageData): RGBA bytes to float HWC pixels in [0, 1], stacked into one
 * dataset array at one size. Environment-neutral.
 */
import { luma, resizeImage } from './resample.js';
import type { ImageDataset, UserDataOptions } from './types.js';
import { checkDatasetSize } from './limits.js';

export interface DecodedImage {
  width: number;
  height: number;
  /** 8-bit RGBA, row-major (an ImageData's `data` is one). */
  rgba: Uint8Array | Uint8ClampedArray;
}

/** The image format by content, not by file extension: a mislabelled file still loads. */
export function imageFormatOf(bytes: Uint8Array): 'PNG' | 'JPEG' | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'PNG';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'JPEG';
  return undefined;
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

/**
 * `count` images, fetched one at a time by `decode(index)` (so a folder never holds every
 * decoded file at once), as one dataset: `options.channels` (default 1), resized to
 * `options.imageSize` (default the first image's size; see `sameSize`).
 */
export async function stackImages(
  count: number,
  decode: (index: number) => DecodedImage | Promise<DecodedImage>,
  options: UserDataOptions,
  source: string,
  /**
   * Files whose sizes must agree unless imageSize asks for resizing (a folder: mixed sizes there
   * are usually a mistake, never resized silently), each named by `nameOf(index)` in the error.
   * Without it, images are resized to the first one's size.
   */
  sameSize?: { nameOf: (index: number) => string },
): Promise<ImageDataset> {
  if (count < 1) throw new Error(`${source}: no images`);
  const channels = options.channels ?? 1;
  let size = options.imageSize;
  let first: { name: string; height: number; width: number } | undefined;
  let images: Float32Array | undefined;
  for (let index = 0; index < count; index++) {
    const decoded = await decode(index);
    const name = sameSize?.nameOf(index) ?? `image ${index + 1}`;
    if (sameSize && !options.imageSize && first && (first.height !== decoded.height || first.width !== decoded.width)) {
      throw new Error(`${name}: ${decoded.width}x${decoded.height} pixels, but ${first.name} is ${first.width}x${first.height}; images of different sizes are resized only when asked: pass --image-size HxW (imageSize)`);
    }
    first ??= { name, height: decoded.height, width: decoded.width };
    size ??= [decoded.height, decoded.width];
    if (!images) {
      checkDatasetSize(source, count, size[0] * size[1] * channels, `${size[0]}x${size[1]}x${channels}`);
      images = new Float32Array(count * size[0] * size[1] * channels);
    }
    const pixels = rgbaToChannels(decoded, channels);
    const resized = resizeImage(pixels, [decoded.height, decoded.width, channels], size);
    images.set(resized, index * resized.length);
  }
  return { name: source, images: images!, count, shape: [size![0], size![1], channels], source };
}
