/**
 * An image's size from its header, read before the image is decoded, so a 388-byte PNG that
 * claims 20000x20000 pixels is refused before 1.6 GB of RGBA is allocated for it. PNG: the IHDR
 * chunk (PNG spec, section 11.2.2); JPEG: the first start-of-frame segment (ITU T.81, B.2.2).
 * Environment-neutral: Node's decoder and a page's both check through it.
 */
import { DATA_LIMITS } from './limits.js';

export interface ImageHeader {
  format: 'PNG' | 'JPEG';
  width: number;
  height: number;
  /** PNG Adam7 interlacing (pngjs inflates such images without a size bound). */
  interlaced: boolean;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 29 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { format: 'PNG', width: view.getUint32(16), height: view.getUint32(20), interlaced: bytes[28] === 1 };
}

/** Start-of-frame markers: every SOFn but DHT (C4), JPG (C8) and DAC (CC). */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = (bytes[at + 2]! << 8) | bytes[at + 3]!;
    if (isStartOfFrame(marker)) {
      if (at + 9 > bytes.length) return undefined;
      return { format: 'JPEG', height: (bytes[at + 5]! << 8) | bytes[at + 6]!, width: (bytes[at + 7]! << 8) | bytes[at + 8]!, interlaced: false };
    }
    if (marker === 0xda) return undefined; // scan data before any frame header
    at += 2 + length;
  }
  return undefined;
}

/** The image's format and size, or undefined when the header cannot be read (the decoder then says why). */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  return pngHeader(bytes) ?? jpegHeader(bytes);
}

const count = (n: number) => n.toLocaleString('en-US');

/** The image's header, refused when it declares more than DATA_LIMITS.imagePixels; undefined when unreadable. */
export function checkImageHeader(bytes: Uint8Array, what: string): ImageHeader | undefined {
  const header = readImageHeader(bytes);
  if (!header) return undefined;
  const pixels = header.width * header.height;
  if (pixels > DATA_LIMITS.imagePixels) {
    throw new Error(`${what}: ${header.format} of ${header.width}x${header.height} = ${count(pixels)} pixels; at most ${count(DATA_LIMITS.imagePixels)} (4096x4096) are decoded`);
  }
  return header;
}

/** Every IDAT chunk's data of a PNG, in order (the compressed image data). */
export function pngImageData(bytes: Uint8Array): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IDAT') data.push(bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length)));
    if (type === 'IEND') break;
    at += 12 + length;
  }
  return data;
}
