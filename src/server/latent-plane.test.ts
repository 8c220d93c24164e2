import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitPca } from '../evaluation/pca.js';
import { Random } from '../util/random.js';
import { affineLift, identityLift, liftPoint, normalQuantile } from './latent-plane.js';

test('the affine lift of a PCA gives exactly its inverseTransform at any plane point', () => {
  const random = new Random(3);
  const count = 200;
  const dim = 6;
  const data = new Float32Array(count * dim);
  for (let n = 0; n < count; n++) {
    const a = random.normal();
    const b = random.normal();
    for (let j = 0; j < dim; j++) data[n * dim + j] = (j + 1) * a - j * 0.5 * b + 0.1 * random.normal() + j;
  }
  const pca = fitPca(data, count, dim, 2);
  const lift = affineLift((plane, n) => pca.inverseTransform(plane, n));
  for (const [x, y] of [[0, 0], [1.5, -2], [-7.25, 3.5], [100, 0.01]] as const) {
    const expected = pca.inverseTransform(Float32Array.from([x, y]), 1);
    const got = liftPoint(lift, x, y);
    for (let j = 0; j < dim; j++) assert.ok(Math.abs(got[j]! - expected[j]!) <= 1e-4 * (1 + Math.abs(expected[j]!)), `(${x}, ${y}) value ${j}: ${got[j]} vs ${expected[j]}`);
  }
});

test('identity lifts return the point itself', () => {
  assert.deepEqual(Array.from(liftPoint(identityLift(2), 0.25, -3)), [0.25, -3]);
  assert.deepEqual(Array.from(liftPoint(identityLift(1), 0.5, 9)), [0.5]);
  assert.throws(() => identityLift(3), /code size must be 1 or 2, got 3/);
});

test('normalQuantile matches reference values of the standard normal inverse CDF', () => {
  // Python statistics.NormalDist().inv_cdf (Wichura AS241, exact to double precision).
  const reference: [number, number][] = [
    [0.5, 0],
    [0.975, 1.959963984540054],
    [0.01, -2.3263478740408408],
    [0.9, 1.2815515655446008],
    [1e-6, -4.753424308822899],
    [1 / 30, -1.8339146358159142],
  ];
  for (const [p, z] of reference) assert.ok(Math.abs(normalQuantile(p) - z) < 1e-8, `p=${p}: ${normalQuantile(p)} vs ${z}`);
  assert.throws(() => normalQuantile(1), /p must be in \(0, 1\), got 1/);
});
