import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Random } from '../util/random.js';
import { axisTaps, convertChannels, resizeImage } from './resample.js';

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

test('shrinking averages areas: 4x4 -> 2x2 gives the 2x2 block means', () => {
  const pixels = Float32Array.from({ length: 16 }, (_, i) => i); // row y holds 4y .. 4y+3
  assertClose(resizeImage(pixels, [4, 4, 1], [2, 2]), [2.5, 4.5, 10.5, 12.5]);
});

test('shrinking by a non-integer factor weighs partial pixels by their overlap', () => {
  // 3 -> 2: output 0 covers input [0, 1.5), output 1 covers [1.5, 3).
  assert.deepEqual(axisTaps(3, 2), [
    [{ index: 0, weight: 1 / 1.5 }, { index: 1, weight: 0.5 / 1.5 }],
    [{ index: 1, weight: 0.5 / 1.5 }, { index: 2, weight: 1 / 1.5 }],
  ]);
  assertClose(resizeImage(Float32Array.from([0, 3, 6]), [1, 3, 1], [1, 2]), [1, 5]);
});

test('growing is bilinear with half-pixel centres, as tf.image.resizeBilinear(halfPixelCenters)', async () => {
  await tf.setBackend('cpu');
  const random = new Random(7);
  const [h, w, c] = [3, 5, 2];
  const pixels = Float32Array.from({ length: h * w * c }, () => random.next());
  const expected = tf.tidy(() => tf.image.resizeBilinear(tf.tensor3d(pixels, [h, w, c]), [7, 9], false, true).dataSync());
  assertClose(resizeImage(pixels, [h, w, c], [7, 9]), expected, 1e-6);
});

test('a constant image stays constant at any size (weights sum to 1)', () => {
  const pixels = new Float32Array(28 * 28).fill(0.3);
  for (const size of [[13, 13], [28, 40], [5, 50]] as [number, number][]) {
    const out = resizeImage(pixels, [28, 28, 1], size);
    assert.equal(out.length, size[0] * size[1]);
    assertClose(out, new Float32Array(out.length).fill(0.3), 1e-6);
  }
});

test('channel conversion: RGB -> luma (BT.601), gray -> RGB copies', () => {
  assertClose(convertChannels(Float32Array.from([1, 0, 0, 0.2, 0.2, 0.2]), 3, 1, 'x'), [0.299, 0.2]);
  assert.deepEqual(Array.from(convertChannels(Float32Array.from([0.5, 1]), 1, 3, 'x')), [0.5, 0.5, 0.5, 1, 1, 1]);
  assert.throws(() => convertChannels(new Float32Array(4), 4, 1, 'rgba.npy'), { message: 'rgba.npy: cannot convert 4 channels to 1 (only between 1 and 3)' });
});
