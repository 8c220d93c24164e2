/** Drawing grayscale or RGB images (values in [0, 1] or bytes) onto canvases, pixel-sharp. */
import { classColor } from '../../src/viz/palette.js';

export function cssColor(label: number | null): string {
  if (label === null) return 'rgb(90, 90, 90)';
  const [r, g, b] = classColor(label);
  return `rgb(${r}, ${g}, ${b})`;
}

/** Writes one image (h x w x c values, scaled by `scale` to bytes) into an ImageData. */
export function toImageData(values: ArrayLike<number>, shape: number[], scale = 255): ImageData {
  const [h, w, c] = [shape[0]!, shape[1]!, shape[2] ?? 1];
  const image = new ImageData(w, h);
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < 3; k++) {
      const v = values[p * c + (c === 1 ? 0 : k)]! * scale;
      image.data[p * 4 + k] = Math.max(0, Math.min(255, Math.round(v)));
    }
    image.data[p * 4 + 3] = 255;
  }
  return image;
}

/** Draws an image scaled up to the canvas size without smoothing. */
export function drawImage(canvas: HTMLCanvasElement, image: ImageData, x = 0, y = 0, width = canvas.width, height = canvas.height): void {
  const ctx = canvas.getContext('2d')!;
  const tile = document.createElement('canvas');
  tile.width = image.width;
  tile.height = image.height;
  tile.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tile, x, y, width, height);
}

export function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
