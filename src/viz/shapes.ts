/** Lines and discs on a raster, in pixel coordinates (fractions allowed). */
import { fillRect, setPixel, type Raster, type Rgb } from './raster.js';

/** A straight segment (Bresenham), `thickness` pixels wide, stamped as squares centred on the path. */
export function drawLine(raster: Raster, x0: number, y0: number, x1: number, y1: number, color: Rgb, thickness = 1): void {
  let x = Math.floor(x0);
  let y = Math.floor(y0);
  const xEnd = Math.floor(x1);
  const yEnd = Math.floor(y1);
  const dx = Math.abs(xEnd - x);
  const dy = -Math.abs(yEnd - y);
  const stepX = x < xEnd ? 1 : -1;
  const stepY = y < yEnd ? 1 : -1;
  const half = Math.floor((thickness - 1) / 2);
  let error = dx + dy;
  for (;;) {
    fillRect(raster, x - half, y - half, thickness, thickness, color);
    if (x === xEnd && y === yEnd) return;
    const doubled = 2 * error;
    if (doubled >= dy) {
      error += dy;
      x += stepX;
    }
    if (doubled <= dx) {
      error += dx;
      y += stepY;
    }
  }
}

/** The pixels whose centres lie within `radius` of the centre of the pixel holding (x, y), that one included. */
export function fillDisc(raster: Raster, x: number, y: number, radius: number, color: Rgb): void {
  // Centred on the pixel holding (x, y), so every disc of a size has the same symmetric shape.
  const cx = Math.floor(x) + 0.5;
  const cy = Math.floor(y) + 0.5;
  setPixel(raster, cx, cy, color);
  const r2 = radius * radius;
  for (let py = Math.floor(cy - radius); py <= Math.ceil(cy + radius); py++) {
    for (let px = Math.floor(cx - radius); px <= Math.ceil(cx + radius); px++) {
      const ddx = px + 0.5 - cx;
      const ddy = py + 0.5 - cy;
      if (ddx * ddx + ddy * ddy <= r2) setPixel(raster, px, py, color);
    }
  }
}
