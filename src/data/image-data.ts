/** Images a page already holds (a canvas's ImageData) as a dataset. Environment-neutral. */
import { checkLimit, checkUserOptions } from './checks.js';
import { stackImages } from './pixels.js';
import type { ImageDataset, UserDataOptions } from './types.js';

export interface ImageDataLike {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * Images a page already holds (canvas ImageData, or anything with width, height and RGBA data)
 * as a dataset: `channels` (default 1), resized to `imageSize` (default the first image's size).
 */
export async function fromImageData(images: ImageDataLike | readonly ImageDataLike[], options: UserDataOptions & { labels?: ArrayLike<number>; name?: string } = {}): Promise<ImageDataset> {
  checkUserOptions(options);
  const list = Array.isArray(images) ? (images as readonly ImageDataLike[]) : [images as ImageDataLike];
  const name = options.name ?? 'image data';
  list.forEach((image, i) => {
    if (image.data.length !== image.width * image.height * 4) {
      throw new Error(`${name}: image ${i} is ${image.width}x${image.height}, which needs ${image.width * image.height * 4} RGBA bytes; found ${image.data.length}`);
    }
  });
  if (options.labels !== undefined && options.labels.length !== list.length) {
    throw new Error(`${name}: ${list.length} images but ${options.labels.length} labels`);
  }
  const count = Math.min(list.length, checkLimit(options.limit) ?? list.length);
  const dataset = await stackImages(count, (i) => ({ width: list[i]!.width, height: list[i]!.height, rgba: list[i]!.data }), options, name);
  return options.labels === undefined ? dataset : { ...dataset, labels: Int32Array.from(Array.from(options.labels).slice(0, count)) };
}
