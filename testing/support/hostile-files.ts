/**
 * Test-only: hostile and broken input files, generated at test time: truncated, wrong magic,
 * decompression bombs (streamed, so the test process never holds the bomb), NaN/Inf values,
 * wrong dtypes, headers that declare huge shapes. Each builder writes one file and returns its path.
 */
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { crc32, createDeflate, createGzip, deflateSync, gzipSync } from 'node:zlib';
import type { Transform } from 'node:stream';

/** An IDX file's bytes: magic 0x0000080N, big-endian dimensions, then the payload. */
export function idxBytes(dims: number[], payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x0800 | dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(payload, 4 + 4 * dims.length);
  return out;
}

export function idxImages(count: number, rows = 28, cols = 28): Uint8Array {
  const pixels = new Uint8Array(count * rows * cols);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
  return idxBytes([count, rows, cols], pixels);
}

export function idxLabels(count: number): Uint8Array {
  return idxBytes([count], Uint8Array.from({ length: count }, (_, i) => i % 10));
}

/** Streams `head` then `zeros` zero bytes through a compressor into `file` (memory stays one chunk). */
async function compressStream(file: string, compressor: Transform, head: Uint8Array, zeros: number): Promise<void> {
  const out = createWriteStream(file);
  compressor.pipe(out);
  compressor.write(head);
  const chunk = Buffer.alloc(1 << 20);
  for (let left = zeros; left > 0; left -= chunk.length) {
    if (!compressor.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) await once(compressor, 'drain');
  }
  compressor.end();
  await once(out, 'finish');
}

/** A gzip whose IDX header declares `dims` but which inflates to `zeros` more bytes after it. */
export async function gzipBomb(file: string, dims: number[], zeros: number): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await compressStream(file, createGzip({ level: 9 }), idxBytes(dims, new Uint8Array(0)), zeros);
  return file;
}

/** A gzipped IDX file whose gzip trailer CRC is wrong (its data intact). */
export function gzipWithBadCrc(idx: Uint8Array): Uint8Array {
  const gz = gzipSync(idx);
  gz[gz.length - 8]! ^= 0xff;
  return gz;
}

/** A .npy (format 1.0) with a given header dict and raw data bytes. */
export function npyBytes(descr: string, shape: number[], data: Uint8Array, fortran = false): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  dict += ' '.repeat((64 - ((10 + dict.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + dict.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, dict.length, true);
  out.set(new TextEncoder().encode(dict), 10);
  out.set(data, 10 + dict.length);
  return out;
}

export function float32Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float32Array.from(values).buffer);
}

export function float64Bytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

/** A .npy of format 2.0 whose header length field claims `claimed` bytes. */
export function npyHeaderBomb(claimed: number): Uint8Array {
  const out = new Uint8Array(64);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0], 0);
  new DataView(out.buffer).setUint32(8, claimed, true);
  return out;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A grayscale 8-bit PNG declaring width x height, whose image data is `idat` (already deflated). */
export function pngWith(width: number, height: number, idat: Uint8Array, interlaced = false): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, interlaced ? 1 : 0], 8);
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))];
  return Buffer.concat(parts);
}

/** A real grayscale PNG of the given pixel rows (filter byte 0 per row). */
export function grayPng(rows: number[][]): Uint8Array {
  const raw = Buffer.concat(rows.map((row) => Uint8Array.from([0, ...row])));
  return pngWith(rows[0]!.length, rows.length, deflateSync(raw));
}

/** An interlaced PNG of width x height whose image data inflates to `zeros` bytes. */
export async function interlacedPngBomb(file: string, width: number, height: number, zeros: number): Promise<string> {
  const idat = `${file}.idat`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await compressStream(idat, createDeflate({ level: 9 }), new Uint8Array(0), zeros);
  await fs.writeFile(file, pngWith(width, height, await fs.readFile(idat), true));
  await fs.rm(idat);
  return file;
}

/** A JPEG that starts with a baseline frame header declaring width x height, and nothing decodable after it. */
export function jpegDeclaring(width: number, height: number): Uint8Array {
  const sof = [0xff, 0xc0, 0, 11, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0];
  return Uint8Array.from([0xff, 0xd8, ...sof, 0xff, 0xd9]);
}

export async function writeFile(dir: string, name: string, bytes: Uint8Array | string): Promise<string> {
  const file = path.join(dir, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes);
  return file;
}

/** `head`, then `unit` repeated `times` times, then `tail`: a huge text file written about 1 MiB at a time. */
export async function repeatedText(file: string, head: string, unit: string, times: number, tail: string): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const perChunk = Math.max(1, Math.floor((1 << 20) / unit.length));
  const chunk = unit.repeat(perChunk);
  const handle = await fs.open(file, 'w');
  try {
    await handle.write(head);
    for (let left = times; left > 0; left -= perChunk) await handle.write(left >= perChunk ? chunk : unit.repeat(left));
    await handle.write(tail);
  } finally {
    await handle.close();
  }
  return file;
}
