/**
 * An IDX file read from disk item by item, raw or gzipped, holding no more than the items asked
 * for. The header's dimensions bound everything: a raw file's size is checked against them before
 * a value is read, and a gzip is decompressed only up to the size they declare (a decompression
 * bomb stops one chunk past it, in bounded memory). The stream is always read to its end, even
 * when only the first items are wanted, so a gzip's CRC and length are checked: a corrupt file
 * never yields wrong bytes silently.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { open } from 'node:fs/promises';
import { checkPayload, headerLength, isGzip, notGzipError, parseIdx, type IdxKind, type IdxPrefix } from './idx-format.js';
import { checkDatasetSize, DATA_LIMITS } from './limits.js';

export class IdxItemReader {
  private payloadRead = 0;

  private constructor(
    private readonly bytes: ChunkedBytes,
    private readonly what: string,
    private readonly kind: IdxKind,
    readonly dims: number[],
  ) {}

  /** Opens the file and checks its header; a raw file's size is checked against it at once. */
  static async open(file: string, kind: IdxKind): Promise<IdxItemReader> {
    const what = path.basename(file);
    const gzip = isGzip(await readHead(file, 2));
    const stream = gzip ? gunzipStream(file) : createReadStream(file);
    const bytes = new ChunkedBytes(stream, (error) => (gzip && isZlibError(error) ? notGzipError(what, error) : error));
    try {
      const magic = await bytes.take(4);
      const header = Buffer.concat([magic, await bytes.take((headerLength(magic) ?? magic.length) - magic.length)]);
      const dims = parseIdx(header, what, { expect: kind, maxItems: 0 }).dims;
      const declared = dims.reduce((a, b) => a * b, 1);
      if (declared > DATA_LIMITS.idxPayloadBytes) {
        throw new Error(`${what}: header says ${dims.join('x')} = ${declared} values, more than the ${DATA_LIMITS.idxPayloadBytes} an IDX file may hold; the header is corrupt`);
      }
      if (!gzip) checkPayload(what, dims, (await stat(file)).size - header.length, { expect: kind });
      return new IdxItemReader(bytes, what, kind, dims);
    } catch (error) {
      bytes.close();
      throw error;
    }
  }

  get count(): number {
    return this.dims[0]!;
  }

  private get itemSize(): number {
    return this.dims.slice(1).reduce((a, b) => a * b, 1);
  }

  private get declaredBytes(): number {
    return this.count * this.itemSize;
  }

  /** The next `items` items; throws the whole-file reader's 'truncated' error if they are not there. */
  async read(items: number): Promise<Uint8Array> {
    const wanted = Math.min(items, this.count) * this.itemSize;
    const data = await this.bytes.take(wanted);
    this.payloadRead += data.length;
    if (data.length < wanted) checkPayload(this.what, this.dims, this.payloadRead, { expect: this.kind });
    return data;
  }

  /**
   * Reads the rest of the declared payload without keeping it, then checks that nothing follows:
   * 'truncated' if it ends early, 'size mismatch' at the first byte past the declared size (not
   * after decompressing all of it), the gzip's own error if its CRC or length is wrong.
   */
  async finish(): Promise<void> {
    const rest = this.declaredBytes - this.payloadRead;
    const skipped = await this.bytes.skip(rest);
    this.payloadRead += skipped;
    if (skipped < rest) checkPayload(this.what, this.dims, this.payloadRead, { expect: this.kind });
    if (await this.bytes.hasMore()) {
      const noun = this.kind === 'images' ? 'pixels' : 'labels';
      throw new Error(`${this.what}: size mismatch: header says ${this.dims.join('x')} = ${this.declaredBytes} bytes of ${noun}, but the file holds more (the dimensions in the header are wrong)`);
    }
  }

  close(): void {
    this.bytes.close();
  }
}

/**
 * Reads an IDX file from disk (gzip or raw), holding only its first `maxItems` items (all
 * without a limit), and checks the whole file all the same.
 */
export async function readIdxFile(file: string, expect: IdxKind, maxItems?: number): Promise<IdxPrefix> {
  const reader = await IdxItemReader.open(file, expect);
  try {
    const items = Math.min(reader.count, maxItems ?? reader.count);
    checkDatasetSize(path.basename(file), items, reader.dims.slice(1).reduce((a, b) => a * b, 1), reader.dims.slice(1).join('x'));
    const data = await reader.read(items);
    await reader.finish();
    return { dims: reader.dims, data, items };
  } finally {
    reader.close();
  }
}

/** The first `count` bytes of a file (fewer if it is shorter). */
export async function readHead(file: string, count: number): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
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
    private readonly stream: Readable,
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

  /** Reads past `n` bytes keeping at most one chunk; returns how many there were (fewer if the stream ended). */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    for (;;) {
      if (this.pendingLength >= n - skipped) {
        await this.take(n - skipped);
        return n;
      }
      skipped += this.pendingLength;
      this.pending = [];
      this.pendingLength = 0;
      if (this.ended) return skipped;
      await this.pull();
    }
  }

  /** Whether any byte is left, reading to the end of the stream if none is pending (which checks a gzip's trailer). */
  async hasMore(): Promise<boolean> {
    while (this.pendingLength === 0 && !this.ended) await this.pull();
    return this.pendingLength > 0;
  }

  close(): void {
    this.stream.destroy();
  }
}
