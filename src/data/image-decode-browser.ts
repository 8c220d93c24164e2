/**
 * PNG and JPEG decoded by the browser itself (createImageBitmap, drawn on an OffscreenCanvas):
 * what a page uses instead of pngjs and jpeg-js, which need Node's Buffer and streams.
 */
import { imageFormatOf, type DecodedImage } from './pixels.js';
import { checkImageHeader } from './image-header.js';

export async function decodeImageInBrowser(bytes: Uint8Array, what: string): Promise<DecodedImage> {
  const format = imageFormatOf(bytes);
  if (!format) throw new Error(`${what}: not a PNG or JPEG image (unrecognised first bytes)`);
  checkImageHeader(bytes, what);
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') {
    throw new Error(`${what}: decoding ${format} needs a browser (createImageBitmap and OffscreenCanvas); in Node use datasets.loadDataset(path)`);
  }
  let bitmap: ImageBitmap;
  try {
    // Our bytes come from fetch or a file read, never from shared memory, as Blob requires.
    bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: format === 'PNG' ? 'image/png' : 'image/jpeg' }));
  } catch (error) {
    throw new Error(`${what}: cannot decode ${format}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d');
  if (!context) throw new Error(`${what}: this browser gave no 2-D canvas to read the decoded pixels from`);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
  return { width, height, rgba: data };
}
