/**
 * The IDX format of MNIST-style files: a 4-byte magic (0, 0, data type, number of dimensions),
 * one big-endian uint32 per dimension, then the values. Only unsigned bytes (type 0x08) are
 * used by image datasets, so that is all we accept. Every way a file can be broken gets its
 * own message, because a corrupt download is the usual cause and the user must see which file.
 * Environment-neutral (bytes in, arrays out); reading files and gunzipping is idx.ts (Node).
 */

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

export function notGzipError(what: string, cause: unknown): Error {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new Error(`${what}: not valid gzip (${detail}); the file is corrupt or incomplete, delete it and fetch it again`);
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

/** The header and values of IDX bytes (MNIST's format); `what` names the source in errors. */
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

/** 4 magic bytes plus at most 255 dimensions of 4 bytes each. */
export const MAX_HEADER_BYTES = 4 + 4 * 255;

/** An image file and its label file must describe the same number of examples. */
export function checkImageLabelCounts(imagesName: string, imageCount: number, labelsName: string, labelCount: number, where: string): void {
  if (imageCount === labelCount) return;
  throw new Error(
    `${imagesName} holds ${imageCount} images but ${labelsName} holds ` +
      `${labelCount} labels (in ${where}); the two files must come from the same release`,
  );
}

/** An unsigned-byte IDX file of `dims` holding `data` (e.g. [count, 28, 28] images, [count] labels). */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new Error(`encodeIdx: dimensions ${dims.join('x')} need ${size} values, found ${data.length}`);
  const header = headerLength(Uint8Array.of(0, 0, UNSIGNED_BYTE, dims.length))!;
  const bytes = new Uint8Array(header + size);
  const view = new DataView(bytes.buffer);
  bytes.set([0, 0, UNSIGNED_BYTE, dims.length]);
  dims.forEach((dim, i) => view.setUint32(4 + 4 * i, dim));
  bytes.set(data, header);
  return bytes;
}
