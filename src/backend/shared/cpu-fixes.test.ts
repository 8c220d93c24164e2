import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { initBackend } from '../select.js';

await initBackend({ backend: 'cpu' });

test('cpu UpSampling gradient satisfies the adjoint identity <resize(p), w> = <p, grad(w)> for batch and channels > 1', () => {
  for (const [alignCorners, halfPixelCenters] of [[false, false], [true, false], [false, true]] as const) {
    const p = tf.randomNormal([3, 4, 5, 2], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 8, 11, 2], 0, 1, 'float32', 2);
    const f = (x: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [8, 11], alignCorners, halfPixelCenters), w));
    const lhs = f(p).dataSync()[0]!;
    const rhs = tf.sum(tf.mul(p, tf.grad(f)(p))).dataSync()[0]!;
    // tfjs 4.22's own kernel gives e.g. 34.7 vs 14.4 here.
    assert.ok(Math.abs(lhs - rhs) < 1e-3 * Math.max(1, Math.abs(lhs)), `align ${alignCorners} half ${halfPixelCenters}: ${lhs} vs ${rhs}`);
  }
});
