/** PNG output: pngjs does the encoding; files are written atomically like everything aekit saves. */
import { PNG } from 'pngjs';
import { writeFileAtomic } from '../util/atomic.js';
import type { Raster } from './raster.js';

export function encodePng(raster: Raster): Buffer {
  const png = new PNG({ width: raster.width, height: raster.height });
  png.data = Buffer.from(raster.data.buffer, raster.data.byteOffset, raster.data.byteLength);
  return PNG.sync.write(png);
}

export async function writePng(path: string, raster: Raster): Promise<void> {
  await writeFileAtomic(path, encodePng(raster));
}
