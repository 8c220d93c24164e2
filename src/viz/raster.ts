/**
 * The canvas every figure draws on: an opaque RGBA pixel buffer with clipped drawing primitives,
 * so callers can draw partly off-canvas without bounds checks of their own.
 */
export type Rgb = readonly [number, number, number];

export interface Raster {
  width: number;
  height: number;
  /** RGBA, row-major, 4 bytes per pixel. */
  data: Uint8ClampedArray;
}

export const WHITE: Rgb = [255, 255, 255];
export const BLACK: Rgb = [0, 0, 0];
export const TEXT_COLOR: Rgb = [20, 20, 20];
export const AXIS_COLOR: Rgb = [70, 70, 70];
export const GRID_COLOR: Rgb = [232, 232, 232];

export function createRaster(width: number, height: number, background: Rgb = WHITE): Raster {
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`createRaster: ${name} must be a positive integer, got ${value}`);
    }
  }
  const raster: Raster = { width, height, data: new Uint8ClampedArray(width * height * 4) };
  fillRect(raster, 0, 0, width, height, background);
  return raster;
}

/** Sets one pixel; coordinates are rounded down and pixels outside the raster are ignored. */
export function setPixel(raster: Raster, x: number, y: number, color: Rgb): void {
  const px = Math.floor(x);
  const py = Math.floor(y);
  if (px < 0 || py < 0 || px >= raster.width || py >= raster.height) return;
  const offset = (py * raster.width + px) * 4;
  raster.data[offset] = color[0];
  raster.data[offset + 1] = color[1];
  raster.data[offset + 2] = color[2];
  raster.data[offset + 3] = 255;
}

export function pixelAt(raster: Raster, x: number, y: number): Rgb {
  if (x < 0 || y < 0 || x >= raster.width || y >= raster.height) {
    throw new Error(`pixelAt: (${x}, ${y}) is outside the ${raster.width}x${raster.height} raster`);
  }
  const offset = (y * raster.width + x) * 4;
  return [raster.data[offset]!, raster.data[offset + 1]!, raster.data[offset + 2]!];
}

/** Fills the axis-aligned rectangle [x, x+width) x [y, y+height), clipped to the raster. */
export function fillRect(raster: Raster, x: number, y: number, width: number, height: number, color: Rgb): void {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(raster.width, Math.floor(x + width));
  const y1 = Math.min(raster.height, Math.floor(y + height));
  for (let py = y0; py < y1; py++) {
    for (let px = x0; px < x1; px++) {
      const offset = (py * raster.width + px) * 4;
      raster.data[offset] = color[0];
      raster.data[offset + 1] = color[1];
      raster.data[offset + 2] = color[2];
      raster.data[offset + 3] = 255;
    }
  }
}

/** Copies `source` onto `target` with its top-left corner at (x, y), clipped to the target. */
export function blit(target: Raster, source: Raster, x: number, y: number): void {
  const left = Math.max(0, -x);
  const right = Math.min(source.width, target.width - x);
  if (right <= left) return;
  for (let sy = Math.max(0, -y); sy < source.height && sy + y < target.height; sy++) {
    const from = (sy * source.width + left) * 4;
    const to = from + (right - left) * 4;
    target.data.set(source.data.subarray(from, to), ((sy + y) * target.width + x + left) * 4);
  }
}
