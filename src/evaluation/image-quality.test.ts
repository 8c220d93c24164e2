import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussianWindow, imageShapeOf, psnrFromMse, psnrPerImage, ssimImage, ssimPerImage, MAX_PSNR_DB } from './image-quality.js';

/** The deterministic 14x13 test pair of the reference script (values k/10). */
function referencePair(): { a: Float32Array; b: Float32Array } {
  const [h, w] = [14, 13];
  const a = new Float32Array(h * w);
  const b = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      a[y * w + x] = ((3 * y + 5 * x) % 11) / 10;
      b[y * w + x] = ((3 * y + 5 * x + ((x * y) % 4)) % 11) / 10;
    }
  }
  return { a, b };
}

test('SSIM matches the tf.image.ssim formula computed independently with numpy/scipy', () => {
  // Reference: scipy.signal.convolve2d(mode='valid') with TF's normalised 11x11 Gaussian (sigma 1.5),
  // K1 = 0.01, K2 = 0.03, mean of the SSIM map -> 0.4753077815531292 for this pair.
  const { a, b } = referencePair();
  assert.ok(Math.abs(ssimImage(a, b, [14, 13, 1]) - 0.4753077815531292) < 1e-6);
  assert.ok(Math.abs(ssimImage(a, a, [14, 13, 1]) - 1) < 1e-12);
});

test('SSIM of two constant images is the luminance term (2ab + C1) / (a^2 + b^2 + C1)', () => {
  const a = new Float32Array(2 * 121).fill(0.5);
  const b = new Float32Array(2 * 121).fill(0.25);
  const expected = (2 * 0.5 * 0.25 + 1e-4) / (0.25 + 0.0625 + 1e-4);
  const values = ssimPerImage(a, b, [11, 11, 1]);
  assert.equal(values.length, 2);
  for (const v of values) assert.ok(Math.abs(v - expected) < 1e-9, `${v} vs ${expected}`);
});

test('the Gaussian window sums to 1 and is symmetric with its peak in the middle', () => {
  const w = gaussianWindow();
  assert.equal(w.length, 11);
  assert.ok(Math.abs(w.reduce((p, q) => p + q, 0) - 1) < 1e-12);
  assert.ok(Math.abs(w[0]! - w[10]!) < 1e-15);
  // exp(-25/4.5) relative to the centre
  assert.ok(Math.abs(w[0]! / w[5]! - Math.exp(-25 / 4.5)) < 1e-12);
});

test('PSNR: 10 log10(1 / MSE), capped for perfect images', () => {
  const { a, b } = referencePair();
  assert.ok(Math.abs(psnrPerImage(a, b, [14, 13, 1])[0]! - 10.535153514555589) < 1e-4);
  assert.ok(Math.abs(psnrFromMse(0.01) - 20) < 1e-12);
  assert.equal(psnrFromMse(0), MAX_PSNR_DB);
});

test('image shapes and bad inputs', () => {
  assert.deepEqual(imageShapeOf([784]), [28, 28, 1]);
  assert.deepEqual(imageShapeOf([32, 32, 3]), [32, 32, 3]);
  assert.deepEqual(imageShapeOf([3072]), [32, 32, 3]);
  assert.throws(() => imageShapeOf([10]), /not square images/);
  assert.throws(() => ssimPerImage(new Float32Array(49), new Float32Array(49), [7, 7, 1]), /at least 11x11 pixels/);
  assert.throws(() => ssimPerImage(new Float32Array(121), new Float32Array(120), [11, 11, 1]), /121 values but images have 120/);
});
