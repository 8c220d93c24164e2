/** Numeric arrays from a user's file: a CSV of rows or a NumPy .npy array. */
import { promises as fs } from 'node:fs';
import { bytesToUnitFloats } from './checks.js';
import { parseCsvTable } from './csv.js';
import { readNpy } from './npy.js';
import { convertChannels, resizeImage } from './resample.js';
import type { ImageDataset, UserDataOptions } from './types.js';

/** Shape of one flat row of `cols` values: [1, cols, 1], or the image size asked for. */
function flatRowShape(cols: number, options: UserDataOptions, what: string): [number, number, number] {
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

export async function loadCsvFile(file: string, options: UserDataOptions, limit: number | undefined): Promise<ImageDataset> {
  const table = parseCsvTable(await fs.readFile(file, 'utf8'), file, options.csv);
  const count = Math.min(table.rows, limit ?? table.rows);
  return {
    name: file,
    images: table.data.slice(0, count * table.cols),
    ...(table.labels ? { labels: table.labels.slice(0, count) } : {}),
    ...(table.classNames ? { classNames: table.classNames } : {}),
    count,
    shape: flatRowShape(table.cols, options, file),
    source: file,
  };
}

export async function loadNpyFile(file: string, options: UserDataOptions, limit: number | undefined): Promise<ImageDataset> {
  const array = readNpy(await fs.readFile(file), file);
  const { shape } = array;
  if (shape.length < 2 || shape.length > 4) {
    throw new Error(`${file}: array shape (${shape.join(', ')}) is not supported; expected (N, H, W), (N, H, W, C) or (N, D)`);
  }
  if (shape[0] === 0) throw new Error(`${file}: the array holds no examples (shape (${shape.join(', ')}))`);
  const count = Math.min(shape[0]!, limit ?? shape[0]!);
  const perItem = shape.slice(1).reduce((a, b) => a * b, 1);
  const values = array.data.subarray(0, count * perItem);
  // uint8 arrays are pixels; other dtypes are taken as already scaled.
  const floats = array.dtype === 'uint8' ? bytesToUnitFloats(values as Uint8Array) : Float32Array.from(values);
  if (shape.length === 2) {
    return { name: file, images: floats, count, shape: flatRowShape(perItem, options, file), source: file };
  }
  const itemShape: [number, number, number] = [shape[1]!, shape[2]!, shape[3] ?? 1];
  const { images, shape: outShape } = conformImages(floats, count, itemShape, options, file);
  return { name: file, images, count, shape: outShape, source: file };
}

/** Apply the channels and imageSize options, if given, to each image. */
function conformImages(
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
