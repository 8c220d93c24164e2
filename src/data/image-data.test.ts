import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromImageData } from './image-data.js';

/** A width x height RGBA image of one colour. */
function solid(width: number, height: number, [r, g, b]: [number, number, number]): { width: number; height: number; data: Uint8ClampedArray } {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) data.set([r, g, b, 255], 4 * p);
  return { width, height, data };
}

test('ImageData-like images become grayscale (or RGB) floats in [0, 1] at one size, with their labels', async () => {
  const images = [solid(4, 4, [255, 255, 255]), solid(8, 8, [255, 0, 0])];
  const gray = await fromImageData(images, { labels: [3, 5] });
  assert.deepEqual(gray.shape, [4, 4, 1]);
  assert.equal(gray.count, 2);
  assert.ok(gray.images.subarray(0, 16).every((v) => Math.abs(v - 1) < 1e-6), 'white is 1');
  const red = gray.images[16]!;
  assert.ok(red > 0.2 && red < 0.35, `pure red's luma (~0.3), got ${red}`);
  assert.ok(gray.images.subarray(16).every((v) => Math.abs(v - red) < 1e-6), 'the 8x8 image was averaged down to 4x4');
  assert.deepEqual(gray.labels, Int32Array.of(3, 5));
  const rgb = await fromImageData(images[1]!, { channels: 3, imageSize: [2, 2] });
  assert.deepEqual(rgb.shape, [2, 2, 3]);
  assert.deepEqual(Array.from(rgb.images.subarray(0, 3)), [1, 0, 0]);
});

test('a wrong RGBA length or label count is an error saying what was expected', async () => {
  await assert.rejects(fromImageData({ width: 2, height: 2, data: new Uint8ClampedArray(15) }), /image data: image 0 is 2x2, which needs 16 RGBA bytes; found 15/);
  await assert.rejects(fromImageData([solid(2, 2, [0, 0, 0])], { labels: [1, 2] }), /image data: 1 images but 2 labels/);
});
