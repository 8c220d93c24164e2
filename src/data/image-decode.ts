/** Decode PNG and JPEG files in Node (pure JS: pngjs, jpeg-js) into RGBA pixels. A page decodes with the browser's own decoder (image-decode-browser.ts). */
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { inflateSync } from 'node:zlib';
import { imageFormatOf, type DecodedImage } from './pixels.js';
import { checkImageHeader, pngImageData, type ImageHeader } from './image-header.js';
import { DATA_LIMITS } from './limits.js';

export { rgbaToChannels, type DecodedImage } from './pixels.js';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

/**
 * Decide by content, not by extension: a mislabelled file still loads. The size in the header is
 * checked against DATA_LIMITS.imagePixels before anything is decoded.
 */
export function decodeImage(bytes: Uint8Array, what: string): DecodedImage {
  const format = imageFormatOf(bytes);
  if (!format) throw new Error(`${what}: not a PNG or JPEG image (unrecognised first bytes)`);
  const header = checkImageHeader(bytes, what);
  if (header?.format === 'PNG' && header.interlaced) checkInterlacedPngSize(bytes, header, what);
  try {
    if (format === 'PNG') {
      const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
    }
    // jpeg-js's own guards, in case no frame header was found above.
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: DATA_LIMITS.imagePixels / 1e6, maxMemoryUsageInMB: 384 });
    return { width: image.width, height: image.height, rgba: image.data };
  } catch (error) {
    throw new Error(`${what}: cannot decode ${format}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * pngjs inflates an interlaced PNG's data without a size bound (a non-interlaced one it stops at
 * the image's size). Such data holds at most 8 bytes per pixel (16-bit RGBA) plus one filter byte
 * per row of each of the 7 passes; inflating more than that is a decompression bomb.
 */
function checkInterlacedPngSize(bytes: Uint8Array, header: ImageHeader, what: string): void {
  const maxOutputLength = header.width * header.height * 8 + 7 * header.height + 1024;
  try {
    inflateSync(Buffer.concat(pngImageData(bytes)), { maxOutputLength });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`${what}: PNG image data inflates to more than ${maxOutputLength} bytes, more than ${header.width}x${header.height} pixels can hold (a decompression bomb)`);
    }
    // A corrupt stream: pngjs says so when it decodes.
  }
}
