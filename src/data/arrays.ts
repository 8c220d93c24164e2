/**
 * Numeric arrays as datasets, however they arrived (a file in Node, a fetch in a page): IDX
 * images with their labels, flat rows
 * shaped to the image size asked for, (N, H, W[, C]) images conformed to the channels and size
 * asked for. Environment-neutral.
 */
import { bytesToUnitFloats } from './checks.js';
import { checkImageLabelCounts, type IdxPrefix } from './idx-format.js';
import type { NpyArray } from './npy-format.js';
import { finiteFloat32 } from './finite.js';
import { checkDatasetSize } from './limits.js';
import { convertChannels, resizeImage } from './resample.js';
import type { ImageDataset, UserDataOptions } from './types.js';

/** Shape of one flat row of `cols` values: [1, cols, 1], or the image size asked for. */
export function flatRowShape(cols: number, options: UserDataOptions, what: string): [number, number, number] {
  if (!options.imageSize) return [1, cols, 1];
  const [height, width] = options.imageSize;
  const channels = options.channels ?? 1;
  if (height * width * channels !== cols) {
    throw new Error(
      `${what}: each row has ${cols} values, but imageSize ${height}x${width} with ${channels} channel(s) needs ${height * width * channels}`,
    );
  }
  return [height, width, channels];
}

/**
 * How many rows of an (N, D) or (N, H, W[, C]) array of `shape` a dataset takes, checked before
 * its values are read: the shape is one aekit reads, images have 1 or 3 channels, and the rows
 * taken fit DATA_LIMITS.
 */
export function npyRowsToTake(shape: number[], limit: number | undefined, file: string): number {
  if (shape.length < 2 || shape.length > 4) {
    throw new Error(`${file}: array shape (${shape.join(', ')}) is not supported; expected (N, H, W), (N, H, W, C) or (N, D)`);
  }
  if (shape[0] === 0) throw new Error(`${file}: the array holds no examples (shape (${shape.join(', ')}))`);
  if (shape.length === 4 && shape[3] !== 1 && shape[3] !== 3) {
    throw new Error(`${file}: images of shape (${shape.join(', ')}) have ${shape[3]} channels; expected 1 (grayscale) or 3 (RGB) as the last axis of (N, H, W, C)`);
  }
  const count = Math.min(shape[0]!, limit ?? shape[0]!);
  const rowShape = shape.slice(1);
  checkDatasetSize(file, count, rowShape.reduce((a, b) => a * b, 1), `(${rowShape.join(', ')})`);
  return count;
}

/**
 * A NumPy array as a dataset: (N, D) rows, or (N, H, W[, C]) images; `file` names it in errors.
 * `array.data` may hold just the rows taken (a reader that read no more than those).
 */
export function npyDataset(array: NpyArray, options: UserDataOptions, limit: number | undefined, file: string): ImageDataset {
  const { shape } = array;
  const count = npyRowsToTake(shape, limit, file);
  const rowShape = shape.slice(1);
  const perItem = rowShape.reduce((a, b) => a * b, 1);
  // uint8 arrays are pixels; other dtypes are taken as already scaled, and must be finite float32.
  const floats = finiteFloat32(array.data.subarray(0, count * perItem), file, 0, rowShape);
  if (shape.length === 2) {
    return { name: file, images: floats, count, shape: flatRowShape(perItem, options, file), source: file };
  }
  const itemShape: [number, number, number] = [shape[1]!, shape[2]!, shape[3] ?? 1];
  const { images, shape: outShape } = conformImages(floats, count, itemShape, options, file);
  return { name: file, images, count, shape: outShape, source: file };
}

/** Apply the channels and imageSize options, if given, to each image. */
export function conformImages(
  images: Float32Array,
  count: number,
  shape: [number, number, number],
  options: UserDataOptions,
  what: string,
): { images: Float32Array; shape: [number, number, number] } {
  const [height, width, channels] = shape;
  const outChannels = options.channels ?? channels;
  const [outHeight, outWidth] = options.imageSize ?? [height, width];
  if (outChannels === channels && outHeight === height && outWidth === width) return { images, shape };
  if (outChannels !== 1 && outChannels !== 3) throw new Error(`${what}: images have ${channels} channels; pass channels 1 or 3`);
  const outSize = outHeight * outWidth * outChannels;
  const out = new Float32Array(count * outSize);
  const inSize = height * width * channels;
  for (let i = 0; i < count; i++) {
    const converted = convertChannels(images.subarray(i * inSize, (i + 1) * inSize), channels, outChannels, what);
    out.set(resizeImage(converted, [height, width, outChannels], [outHeight, outWidth]), i * outSize);
  }
  return { images: out, shape: [outHeight, outWidth, outChannels] };
}

/**
 * IDX images (count x rows x cols bytes) and, if given, their IDX labels as a grayscale dataset;
 * `names` are the files' names for errors, `source` where they came from.
 */
export function idxDataset(images: IdxPrefix, labels: IdxPrefix | undefined, names: { images: string; labels?: string }, source: string): ImageDataset {
  if (labels) checkImageLabelCounts(names.images, images.dims[0]!, names.labels ?? 'the labels', labels.dims[0]!, source);
  const [, height, width] = images.dims as [number, number, number];
  return {
    name: names.images,
    images: bytesToUnitFloats(images.data),
    ...(labels ? { labels: Int32Array.from(labels.data.subarray(0, images.items)) } : {}),
    count: images.items,
    shape: [height, width, 1],
    source,
  };
}
