/**
 * IDX files on disk, raw or gzipped, read whole or only as far as the first items needed. The
 * format itself (parsing, checks, messages) is idx-format.ts.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { gunzipSync, createGunzip } from 'node:zlib';
import { checkImageLabelCounts, headerLength, isGzip, MAX_HEADER_BYTES, notGzipError, parseIdx, type IdxArray, type IdxKind, type IdxPrefix } from './idx-format.js';

export { checkPayload, headerLength, isGzip, MAX_HEADER_BYTES, notGzipError, parseIdx, type IdxArray, type IdxKind, type IdxPrefix, type ParseOptions } from './idx-format.js';

/** The IDX bytes of a file that may or may not be gzipped. */
function decompressIfGzip(bytes: Uint8Array, what: string): Uint8Array {
  return isGzip(bytes) ? gunzipOrThrow(bytes, what) : bytes;
}

export function gunzipOrThrow(bytes: Uint8Array, what: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw notGzipError(what, error);
  }
}

/** Parse a whole IDX file (gunzipping it first if it starts with the gzip magic 1f 8b). */
export function readIdx(bytes: Uint8Array, what: string, expect?: IdxKind): IdxArray {
  const { dims, data } = parseIdx(decompressIfGzip(bytes, what), what, { expect });
  return { dims, data };
}

/**
 * Read an IDX file from disk (gzip or raw). With `maxItems`, a gzip file is decompressed only
 * as far as needed, so taking the first 1,000 training images does not inflate all 47 MB.
 */
export async function readIdxFile(file: string, expect: IdxKind, maxItems?: number): Promise<IdxPrefix> {
  const what = path.basename(file);
  if (maxItems === undefined) {
    return parseIdx(decompressIfGzip(await readFile(file), what), what, { expect });
  }
  const head = await readHead(file, MAX_HEADER_BYTES);
  if (!isGzip(head)) return readRawPrefix(file, head, what, expect, maxItems);
  const prefix = await gunzipPrefix(file, what, (bytes) => bytesNeeded(bytes, maxItems));
  return parseIdx(prefix, what, { expect, maxItems });
}

/** An image file and its label file must describe the same number of examples. */
export function checkPairCounts(imagesFile: string, imageCount: number, labelsFile: string, labelCount: number, where: string): void {
  checkImageLabelCounts(path.basename(imagesFile), imageCount, path.basename(labelsFile), labelCount, where);
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

/** An uncompressed file: read only the first items, once its size shows the header is right. */
async function readRawPrefix(file: string, head: Uint8Array, what: string, expect: IdxKind, maxItems: number): Promise<IdxPrefix> {
  const needed = bytesNeeded(head, maxItems);
  const whole = bytesNeeded(head, Number.MAX_SAFE_INTEGER);
  const { size } = await stat(file);
  // Anything odd (bad magic, wrong size): read it all, so the error is the full-file one.
  if (needed === undefined || whole !== size) return parseIdx(await readFile(file), what, { expect });
  return parseIdx(await readHead(file, needed), what, { expect, maxItems });
}

/** Bytes of decompressed IDX needed for the first `maxItems` items, once the header is in. */
function bytesNeeded(bytes: Uint8Array, maxItems: number): number | undefined {
  const header = headerLength(bytes);
  if (header === undefined || bytes.length < header) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: bytes[3]! }, (_, i) => view.getUint32(4 + 4 * i));
  const itemSize = dims.slice(1).reduce((a, b) => a * b, 1);
  return header + Math.min(dims[0] ?? 0, maxItems) * itemSize;
}

/** Decompress until `enough(bytesSoFar)` is met (or the stream ends), then stop reading. */
function gunzipPrefix(file: string, what: string, enough: (bytes: Uint8Array) => number | undefined): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const source = createReadStream(file);
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let length = 0;
    let needed: number | undefined;
    let settled = false;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      source.destroy();
      gunzip.destroy();
      if (error) reject(error);
      else resolve(Buffer.concat(chunks, length));
    };
    source.on('error', finish);
    gunzip.on('error', (error) => finish(notGzipError(what, error)));
    gunzip.on('end', () => finish());
    gunzip.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      // Only until the header has arrived (normally the first chunk) do we need to look at it.
      if (needed === undefined) needed = enough(Buffer.concat(chunks, length));
      if (needed !== undefined && length >= needed) finish();
    });
    source.pipe(gunzip);
  });
}
