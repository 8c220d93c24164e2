/**
 * Image quality against a reference, per image: PSNR and SSIM (Wang, Bovik, Sheikh & Simoncelli
 * 2004). SSIM follows tf.image.ssim exactly: an 11x11 Gaussian window with sigma 1.5, 'valid'
 * filtering (no padding), K1 = 0.01, K2 = 0.03, population (not sample) statistics, the SSIM map
 * averaged over positions and channels. Images are [height, width, channels] floats, data range 1.
 */

export const SSIM_WINDOW = 11;
export const SSIM_SIGMA = 1.5;
const K1 = 0.01;
const K2 = 0.03;

/** PSNR is capped here so a perfect reconstruction gives a finite, JSON-safe number. */
export const MAX_PSNR_DB = 100;

export type ImageShape = [height: number, width: number, channels: number];

/** PSNR in dB of one image of mean squared error `mse` (data range `maxValue`). */
export function psnrFromMse(mse: number, maxValue = 1): number {
  if (mse <= 0) return MAX_PSNR_DB;
  return Math.min(MAX_PSNR_DB, 10 * Math.log10((maxValue * maxValue) / mse));
}

/** The normalised 1-D Gaussian (the 2-D window is its outer product, as in TF's _fspecial_gauss). */
export function gaussianWindow(size = SSIM_WINDOW, sigma = SSIM_SIGMA): Float64Array {
  const w = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    const x = i - (size - 1) / 2;
    w[i] = Math.exp((-0.5 * x * x) / (sigma * sigma));
    sum += w[i]!;
  }
  for (let i = 0; i < size; i++) w[i]! /= sum;
  return w;
}

/** 'valid' separable filtering of one channel of an HWC image. */
function filterValid(src: Float64Array, h: number, w: number, kernel: Float64Array): Float64Array {
  const k = kernel.length;
  const outH = h - k + 1;
  const outW = w - k + 1;
  const rows = new Float64Array(h * outW);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < outW; x++) {
      let sum = 0;
      for (let i = 0; i < k; i++) sum += kernel[i]! * src[y * w + x + i]!;
      rows[y * outW + x] = sum;
    }
  }
  const out = new Float64Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      let sum = 0;
      for (let i = 0; i < k; i++) sum += kernel[i]! * rows[(y + i) * outW + x]!;
      out[y * outW + x] = sum;
    }
  }
  return out;
}

/** SSIM of image `b` against reference `a` (both HWC, `offset` into the arrays). */
export function ssimImage(a: Float32Array, b: Float32Array, shape: ImageShape, offset = 0, maxValue = 1): number {
  const [h, w, c] = shape;
  if (h < SSIM_WINDOW || w < SSIM_WINDOW) {
    throw new Error(`SSIM needs images of at least ${SSIM_WINDOW}x${SSIM_WINDOW} pixels (its Gaussian window), got ${h}x${w}`);
  }
  const kernel = gaussianWindow();
  const c1 = (K1 * maxValue) ** 2;
  const c2 = (K2 * maxValue) ** 2;
  const plane = h * w;
  let total = 0;
  for (let ch = 0; ch < c; ch++) {
    const x = new Float64Array(plane);
    const y = new Float64Array(plane);
    for (let i = 0; i < plane; i++) {
      x[i] = a[offset + i * c + ch]!;
      y[i] = b[offset + i * c + ch]!;
    }
    const products = (p: Float64Array, q: Float64Array) => p.map((v, i) => v * q[i]!);
    const muX = filterValid(x, h, w, kernel);
    const muY = filterValid(y, h, w, kernel);
    const xx = filterValid(products(x, x), h, w, kernel);
    const yy = filterValid(products(y, y), h, w, kernel);
    const xy = filterValid(products(x, y), h, w, kernel);
    let sum = 0;
    for (let i = 0; i < muX.length; i++) {
      const mx = muX[i]!;
      const my = muY[i]!;
      const varX = xx[i]! - mx * mx;
      const varY = yy[i]! - my * my;
      const cov = xy[i]! - mx * my;
      sum += ((2 * mx * my + c1) / (mx * mx + my * my + c1)) * ((2 * cov + c2) / (varX + varY + c2));
    }
    total += sum / muX.length;
  }
  return total / c;
}

function imageCountOf(a: Float32Array, b: Float32Array, shape: ImageShape): number {
  const size = shape[0] * shape[1] * shape[2];
  if (a.length !== b.length) throw new Error(`image quality: references have ${a.length} values but images have ${b.length}`);
  if (a.length === 0 || a.length % size !== 0) {
    throw new Error(`image quality: ${a.length} values are not a whole, non-zero number of ${shape.join('x')} images`);
  }
  return a.length / size;
}

/** SSIM of each image against its reference. */
export function ssimPerImage(reference: Float32Array, images: Float32Array, shape: ImageShape): Float64Array {
  const count = imageCountOf(reference, images, shape);
  const size = shape[0] * shape[1] * shape[2];
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = ssimImage(reference, images, shape, i * size);
  return out;
}

/** PSNR of each image against its reference (data range 1, capped at MAX_PSNR_DB). */
export function psnrPerImage(reference: Float32Array, images: Float32Array, shape: ImageShape): Float64Array {
  const count = imageCountOf(reference, images, shape);
  const size = reference.length / count;
  const out = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    let sum = 0;
    for (let i = s * size; i < (s + 1) * size; i++) sum += (reference[i]! - images[i]!) ** 2;
    out[s] = psnrFromMse(sum / size);
  }
  return out;
}

/**
 * The image shape of samples: their own shape when it is [h, w, c], else a square of 1 (or 3)
 * channels when the flat size allows one (784 -> 28x28x1).
 */
export function imageShapeOf(sampleShape: number[]): ImageShape {
  if (sampleShape.length === 3) return sampleShape as ImageShape;
  const size = sampleShape.reduce((p, q) => p * q, 1);
  for (const channels of [1, 3]) {
    const side = Math.round(Math.sqrt(size / channels));
    if (side * side * channels === size) return [side, side, channels];
  }
  throw new Error(`samples of shape [${sampleShape.join(', ')}] are not square images; pass the image shape [height, width, channels] explicitly`);
}
