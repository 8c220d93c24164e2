/**
 * The IDX format of MNIST-style files: a 4-byte magic (0, 0, data type, number of dimensions),
 * one big-endian uint32 per dimension, then the values. Only unsigned bytes (type 0x08) are
 * used by image datasets, so that is all we accept. Every way a file can be broken gets its
 * own message, because a corrupt download is the usual cause and the user must see which file.
 */
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { gunzipSync, createGunzip } from 'node:zlib';

export type IdxKind = 'images' | 'labels';

const UNSIGNED_BYTE = 0x08;
const EXPECTED_DIMS: Record<IdxKind, number> = { images: 3, labels: 1 };
const KIND_DESCRIPTION: Record<IdxKind, string> = {
  images: 'an IDX3 unsigned-byte image file (count x rows x cols)',
  labels: 'an IDX1 unsigned-byte label file (count)',
};

export interface IdxArray {
  /** Dimensions as the header states them. */
  dims: number[];
  data: Uint8Array;
}

export interface IdxPrefix extends IdxArray {
  /** Items (slices along dims[0]) actually held in `data`; less than dims[0] when a limit applied. */
  items: number;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

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

export function notGzipError(what: string, cause: unknown): Error {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new Error(`${what}: not valid gzip (${detail}); the file is corrupt or incomplete, delete it and fetch it again`);
}

/** Parse a whole IDX file (gunzipping it first if it starts with the gzip magic 1f 8b). */
export function readIdx(bytes: Uint8Array, what: string, expect?: IdxKind): IdxArray {
  const { dims, data } = parseIdx(decompressIfGzip(bytes, what), what, { expect });
  return { dims, data };
}

function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

export interface ParseOptions {
  expect?: IdxKind | undefined;
  /** Accept a prefix of the payload holding at least this many items (the rest was not read). */
  maxItems?: number | undefined;
}

/** Number of header bytes once the first 4 are known, or undefined if fewer than 4 bytes. */
export function headerLength(bytes: Uint8Array): number | undefined {
  return bytes.length >= 4 ? 4 + 4 * bytes[3]! : undefined;
}

export function parseIdx(bytes: Uint8Array, what: string, options: ParseOptions = {}): IdxPrefix {
  const { expect } = options;
  if (bytes.length < 4) {
    throw new Error(`${what}: too short to be an IDX file (${bytes.length} bytes; the magic number alone takes 4)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const expectedMagic = expect ? (UNSIGNED_BYTE << 8) | EXPECTED_DIMS[expect] : undefined;
  const expectation = expect
    ? `expected ${hex32(expectedMagic!)} for ${KIND_DESCRIPTION[expect]}`
    : 'expected 0x000008NN for an IDX unsigned-byte file';
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${what}: wrong magic number ${hex32(magic)} (${expectation}); this is not an IDX file`);
  }
  if (bytes[2] !== UNSIGNED_BYTE) {
    throw new Error(
      `${what}: wrong magic number ${hex32(magic)}: data type byte is 0x${bytes[2]!.toString(16).padStart(2, '0')}, ` +
        `only 0x08 (unsigned byte) is supported (${expectation})`,
    );
  }
  const ndims = bytes[3]!;
  if (expect && ndims !== EXPECTED_DIMS[expect]) {
    throw new Error(`${what}: wrong magic number ${hex32(magic)}: ${ndims} dimensions, ${expectation}`);
  }
  if (ndims === 0) throw new Error(`${what}: IDX header declares 0 dimensions`);
  const header = headerLength(bytes)!;
  if (bytes.length < header) {
    throw new Error(`${what}: truncated inside the header (${ndims} dimensions need ${header} header bytes, found ${bytes.length})`);
  }
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i));
  const { items, needed } = checkPayload(what, dims, bytes.length - header, options);
  return { dims, data: bytes.subarray(header, header + needed), items };
}

/**
 * Items to take from a payload of `found` bytes under a header of `dims`, and their byte count;
 * throws when the payload is too short for them (or, reading the whole file, the wrong size).
 */
export function checkPayload(what: string, dims: number[], found: number, options: ParseOptions = {}): { items: number; needed: number } {
  const { expect, maxItems } = options;
  const itemSize = dims.slice(1).reduce((a, b) => a * b, 1);
  const total = dims[0]! * itemSize;
  const noun = expect === 'images' ? 'pixels' : expect === 'labels' ? 'labels' : 'values';
  const describe = `header says ${dims.join('x')} = ${total} bytes of ${noun}`;
  const items = maxItems === undefined ? dims[0]! : Math.min(dims[0]!, Math.max(0, Math.floor(maxItems)));
  const needed = items * itemSize;
  if (found < needed || (maxItems === undefined && found < total)) {
    throw new Error(`${what}: truncated: ${describe}, found ${found}`);
  }
  if (maxItems === undefined && found > total) {
    throw new Error(`${what}: size mismatch: ${describe}, but the file holds ${found} (the dimensions in the header are wrong)`);
  }
  return { items, needed };
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
  if (imageCount === labelCount) return;
  throw new Error(
    `${path.basename(imagesFile)} holds ${imageCount} images but ${path.basename(labelsFile)} holds ` +
      `${labelCount} labels (in ${where}); the two files must come from the same release`,
  );
}

/** 4 magic bytes plus at most 255 dimensions of 4 bytes each. */
export const MAX_HEADER_BYTES = 4 + 4 * 255;

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
