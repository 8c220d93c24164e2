/**
 * PNG bytes of 8-bit grey or RGB pixels, for the image grids embedded in figures. Written here
 * (the chunk layout of the PNG specification) over fflate's deflate, because figures are made in
 * pages too, where a PNG package built on Node's zlib and streams cannot go. Each row takes the
 * 'up' filter (the difference to the row above), which lets deflate shrink the digits' black
 * backgrounds and white padding to almost nothing.
 */
import { zlibSync } from 'fflate';

export interface PixelImage {
  width: number;
  height: number;
  /** 1 (grey) or 3 (RGB) bytes a pixel, row-major. */
  channels: 1 | 3;
  data: Uint8Array;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const COLOUR_TYPE = { 1: 0, 3: 2 } as const;
const FILTER_UP = 2;

let crcTable: Uint32Array | undefined;

/** CRC-32 (the polynomial PNG and zlib use) of the bytes. */
export function crc32(bytes: Uint8Array): number {
  crcTable ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

export function encodePng(image: PixelImage): Uint8Array {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || data.length !== width * height * channels) {
    throw new Error(`encodePng: ${data.length} bytes do not make a ${width}x${height} image of ${channels} channel(s)`);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, COLOUR_TYPE[channels], 0, 0, 0], 8);
  const stride = width * channels;
  const filtered = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const row = y * (stride + 1);
    filtered[row] = FILTER_UP;
    for (let x = 0; x < stride; x++) filtered[row + 1 + x] = (data[y * stride + x]! - (y > 0 ? data[(y - 1) * stride + x]! : 0)) & 0xff;
  }
  const parts = [Uint8Array.from(SIGNATURE), chunk('IHDR', header), chunk('IDAT', zlibSync(filtered, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
