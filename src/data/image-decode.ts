/** Decode PNG and JPEG files in Node (pure JS: pngjs, jpeg-js) into RGBA pixels. A page decodes with the browser's own decoder (image-decode-browser.ts). */
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { imageFormatOf, type DecodedImage } from './pixels.js';

export { rgbaToChannels, type DecodedImage } from './pixels.js';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

/** Decide by content, not by extension: a mislabelled file still loads. */
export function decodeImage(bytes: Uint8Array, what: string): DecodedImage {
  const format = imageFormatOf(bytes);
  if (!format) throw new Error(`${what}: not a PNG or JPEG image (unrecognised first bytes)`);
  try {
    if (format === 'PNG') {
      const png = pngjs.PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, rgba: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
    }
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: image.width, height: image.height, rgba: image.data };
  } catch (error) {
    throw new Error(`${what}: cannot decode ${format}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
