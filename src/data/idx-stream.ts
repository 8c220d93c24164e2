/**
 * IDX images streamed from disk a batch at a time, raw or gzipped, so a pass over a dataset
 * holds one batch of pixels rather than the whole file (60,000 MNIST images as floats are
 * 188 MB). The reader, its checks and its messages are those of readIdxFile (idx-file.ts).
 */
import * as path from 'node:path';
import { checkBuiltinSplit } from './builtin.js';
import { bytesToUnitFloats, checkLimit } from './checks.js';
import { checkPairCounts } from './idx.js';
import { IdxItemReader } from './idx-file.js';
import { locateBuiltinFiles } from './locate.js';
import type { BuiltinDatasetName, LoadOptions, Split } from './types.js';

export interface ImageBatch {
  /** count x height x width x channels pixels, NHWC, scaled to [0, 1]. */
  images: Float32Array;
  /** The batch's labels, when a label file is read alongside. */
  labels?: Int32Array;
  /** Index of the batch's first image in the stream. */
  start: number;
  count: number;
  /** Images the whole stream yields (the file's count, or the limit), known from the first batch on. */
  total: number;
  /** [height, width, channels] of one image. */
  shape: [number, number, number];
}

export interface IdxStreamOptions {
  batchSize: number;
  /** Stop after the first N images. */
  limit?: number;
  /** An IDX1 label file with one label per image, read alongside. */
  labelsFile?: string;
  /** Where the files came from, named in the error when their counts differ (default: their folder). */
  source?: string;
}

export function checkBatchSize(batchSize: number): number {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  return batchSize;
}

/**
 * Batches of images from an IDX3 file (and labels from an IDX1 file). A file that turns out
 * truncated or too long throws before the batch that would have shown it is yielded; breaking
 * out of the loop early closes the files.
 */
export async function* streamIdxImages(file: string, options: IdxStreamOptions): AsyncGenerator<ImageBatch> {
  const batchSize = checkBatchSize(options.batchSize);
  const limit = checkLimit(options.limit);
  const readers: IdxItemReader[] = [];
  try {
    const images = await IdxItemReader.open(file, 'images');
    readers.push(images);
    const labels = options.labelsFile ? await IdxItemReader.open(options.labelsFile, 'labels') : undefined;
    if (labels) {
      readers.push(labels);
      checkPairCounts(file, images.count, options.labelsFile!, labels.count, options.source ?? path.dirname(file));
    }
    const total = Math.min(images.count, limit ?? images.count);
    const shape: [number, number, number] = [images.dims[1]!, images.dims[2]!, 1];
    for (let start = 0; start < total; start += batchSize) {
      const count = Math.min(batchSize, total - start);
      const pixels = await images.read(count);
      const batch: ImageBatch = { images: bytesToUnitFloats(pixels), start, count, total, shape };
      if (labels) batch.labels = Int32Array.from(await labels.read(count));
      // Before the last batch, read both files to their end, even past a limit (as readIdxFile
      // does): they must be as long as their headers say, and a gzip's CRC must hold.
      if (start + count === total) for (const reader of readers) await reader.finish();
      yield batch;
    }
  } finally {
    for (const reader of readers) reader.close();
  }
}

export interface BuiltinStreamOptions extends LoadOptions {
  batchSize: number;
}

/** A builtin split streamed from the files `loadBuiltinDataset` would read. */
export async function* streamBuiltinSplit(name: BuiltinDatasetName, split: Split, options: BuiltinStreamOptions): AsyncGenerator<ImageBatch> {
  checkBuiltinSplit(name, split);
  checkBatchSize(options.batchSize);
  const located = await locateBuiltinFiles(name, split, options);
  yield* streamIdxImages(located.images, {
    batchSize: options.batchSize,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    labelsFile: located.labels,
    source: located.source,
  });
}
