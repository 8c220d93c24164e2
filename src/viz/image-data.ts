/** A figure for a page: a Raster as the ImageData a canvas draws (context.putImageData). */
import type { Raster } from './raster.js';

export function rasterToImageData(raster: Raster): ImageData {
  if (typeof ImageData !== 'function') throw new Error('rasterToImageData: this runtime has no ImageData (it exists in browsers); in Node write the figure with viz.writePng');
  // A Raster's pixels are already RGBA bytes in a Uint8ClampedArray over an ArrayBuffer: no copy needed.
  return new ImageData(raster.data as Uint8ClampedArray<ArrayBuffer>, raster.width, raster.height);
}
