/**
 * IDX images streamed from disk a batch at a time, raw or gzipped, so a pass over a dataset
 * holds one batch of pixels rather than the whole file (60,000 MNIST images as floats are
 * 188 MB). The header checks and error messages are those of the whole-file reader in idx.ts.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { checkBuiltinSplit } from './builtin.js';
import { bytesToUnitFloats, checkLimit } from './checks.js';
import { checkPairCounts, checkPayload, headerLength, isGzip, notGzipError, parseIdx, readHead, type IdxKind } from './idx.js';
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
      // Read to the end, the whole file must be as long as its header says (as for readIdxFile).
      if (start + count === images.count) for (const reader of readers) await reader.expectEnd();
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

/** Reads the items of one IDX file in order, holding no more than the items asked for. */
class IdxItemReader {
  private readonly bytes: ChunkedBytes;
  private payloadRead = 0;

  private constructor(
    private readonly stream: Readable,
    private readonly what: string,
    private readonly kind: IdxKind,
    readonly dims: number[],
    headerBytes: ChunkedBytes,
  ) {
    this.bytes = headerBytes;
  }

  /** Opens the file and checks its header; a raw file's size is checked against it at once. */
  static async open(file: string, kind: IdxKind): Promise<IdxItemReader> {
    const what = path.basename(file);
    const gzip = isGzip(await readHead(file, 2));
    const stream = gzip ? gunzipStream(file) : createReadStream(file);
    try {
      const bytes = new ChunkedBytes(stream, (error) => (gzip && isZlibError(error) ? notGzipError(what, error) : error));
      const magic = await bytes.take(4);
      const header = Buffer.concat([magic, await bytes.take((headerLength(magic) ?? magic.length) - magic.length)]);
      const dims = parseIdx(header, what, { expect: kind, maxItems: 0 }).dims;
      if (!gzip) checkPayload(what, dims, (await stat(file)).size - header.length, { expect: kind });
      return new IdxItemReader(stream, what, kind, dims, bytes);
    } catch (error) {
      stream.destroy();
      throw error;
    }
  }

  get count(): number {
    return this.dims[0]!;
  }

  private get itemSize(): number {
    return this.dims.slice(1).reduce((a, b) => a * b, 1);
  }

  /** The next `items` items; throws the whole-file reader's 'truncated' error if they are not there. */
  async read(items: number): Promise<Uint8Array> {
    const wanted = items * this.itemSize;
    const data = await this.bytes.take(wanted);
    this.payloadRead += data.length;
    if (data.length < wanted) checkPayload(this.what, this.dims, this.payloadRead, { expect: this.kind });
    return data;
  }

  /** Throws the whole-file reader's 'size mismatch' error if bytes follow the last item. */
  async expectEnd(): Promise<void> {
    const extra = await this.bytes.countRemaining();
    if (extra > 0) checkPayload(this.what, this.dims, this.payloadRead + extra, { expect: this.kind });
  }

  close(): void {
    this.stream.destroy();
  }
}

function isZlibError(error: unknown): boolean {
  return String((error as { code?: unknown } | null)?.code ?? '').startsWith('Z_');
}

function gunzipStream(file: string): Readable {
  const gunzip = createGunzip();
  // An error reading the file reaches the reader through the gunzip stream.
  pipeline(createReadStream(file), gunzip, () => undefined);
  return gunzip;
}

/** Pulls a stream's chunks on demand and hands out exact byte counts. */
class ChunkedBytes {
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private ended = false;

  constructor(
    stream: Readable,
    private readonly explain: (error: unknown) => unknown,
  ) {
    this.chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  private async pull(): Promise<void> {
    try {
      const next = await this.chunks.next();
      if (next.done) {
        this.ended = true;
        return;
      }
      this.pending.push(next.value);
      this.pendingLength += next.value.length;
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** `n` bytes, or fewer if the stream ends first. */
  async take(n: number): Promise<Uint8Array> {
    while (this.pendingLength < n && !this.ended) await this.pull();
    const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingLength);
    const taken = all.subarray(0, Math.min(n, all.length));
    const rest = all.subarray(taken.length);
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingLength = rest.length;
    return taken;
  }

  /** Reads to the end, keeping nothing, and says how many bytes were left. */
  async countRemaining(): Promise<number> {
    let count = this.pendingLength;
    this.pending = [];
    this.pendingLength = 0;
    while (!this.ended) {
      await this.pull();
      count += this.pendingLength;
      this.pending = [];
      this.pendingLength = 0;
    }
    return count;
  }
}
