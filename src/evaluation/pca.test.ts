import { test } from 'node:test';
import assert from 'node:assert/strict';
import { covariance, fitPca, principalAngles } from './pca.js';
import { symmetricEigen } from './symmetric-eigen.js';
import { Random } from '../util/random.js';
import { loadDataset } from '../data/index.js';
import { missing, realDatasetDir } from '../../testing/support/datasets.js';

/** A random orthonormal basis (rows) of R^dim by Gram-Schmidt on Gaussian vectors. */
function randomOrthonormal(dim: number, random: Random): number[][] {
  const rows: number[][] = [];
  while (rows.length < dim) {
    const v = Array.from({ length: dim }, () => random.normal());
    for (const q of rows) {
      const dot = v.reduce((s, x, i) => s + x * q[i]!, 0);
      for (let i = 0; i < dim; i++) v[i]! -= dot * q[i]!;
    }
    const norm = Math.hypot(...v);
    rows.push(v.map((x) => x / norm));
  }
  return rows;
}

test('PCA recovers a known decomposition: eigenvectors, eigenvalues, mean, round trip', () => {
  const dim = 6;
  const basis = randomOrthonormal(dim, new Random(7));
  const amplitudes = [3, 2, 1.5, 1, 0.5, 0.25];
  const offset = [1, -2, 0.5, 3, 0, -1];
  // Points mean ± a_i q_i: the covariance is exactly sum_i 2 a_i^2 q_i q_i^T / (count - 1).
  const count = 2 * dim;
  const data = new Float32Array(count * dim);
  basis.forEach((q, i) => {
    for (const [s, sign] of [[0, 1], [1, -1]] as const) {
      for (let d = 0; d < dim; d++) data[(2 * i + s) * dim + d] = offset[d]! + sign * amplitudes[i]! * q[d]!;
    }
  });
  const pca = fitPca(data, count, dim, 3);
  for (let c = 0; c < 3; c++) {
    const expectedVariance = (2 * amplitudes[c]! ** 2) / (count - 1);
    assert.ok(Math.abs(pca.explainedVariance[c]! - expectedVariance) < 1e-5, `variance ${c}: ${pca.explainedVariance[c]} vs ${expectedVariance}`);
    const dot = basis[c]!.reduce((s, x, d) => s + x * pca.components[c * dim + d]!, 0);
    assert.ok(Math.abs(Math.abs(dot) - 1) < 1e-5, `component ${c} is not ±q_${c}: |dot| = ${Math.abs(dot)}`);
  }
  for (let d = 0; d < dim; d++) assert.ok(Math.abs(pca.mean[d]! - offset[d]!) < 1e-5);
  // A point in the span of the top 3 directions survives transform + inverseTransform exactly.
  const point = new Float32Array(dim).map((_, d) => offset[d]! + 0.7 * basis[0]![d]! - 0.4 * basis[2]![d]!);
  const codes = pca.transform(point, 1);
  assert.ok(Math.abs(Math.abs(codes[0]!) - 0.7) < 1e-5 && Math.abs(codes[1]!) < 1e-5 && Math.abs(Math.abs(codes[2]!) - 0.4) < 1e-5);
  const back = pca.inverseTransform(codes, 1);
  for (let d = 0; d < dim; d++) assert.ok(Math.abs(back[d]! - point[d]!) < 1e-5);
});

test('principal angles: identical spans give 0, a rotation by 30 degrees in one plane gives 30', () => {
  const dim = 4;
  const a = new Float64Array([1, 0, 0, 0, 0, 1, 0, 0]);
  const mixed = new Float64Array([1, 1, 0, 0, 1, -1, 0, 0]); // same span, different basis
  assert.ok(principalAngles(a, mixed, 2, dim).every((angle) => angle < 1e-7));
  const t = Math.PI / 6;
  const rotated = new Float64Array([1, 0, 0, 0, 0, Math.cos(t), Math.sin(t), 0]);
  const angles = principalAngles(a, rotated, 2, dim);
  assert.ok(Math.abs(angles[0]!) < 1e-7);
  assert.ok(Math.abs(angles[1]! - t) < 1e-7, `largest angle ${angles[1]} vs ${t}`);
});

test('PCA of 784-pixel MNIST: fast, orthonormal eigenvectors with small residuals, eigenvalues sum to the trace', { skip: missing('mnist') }, async () => {
  const mnist = await loadDataset('mnist', 'train', { dataDir: realDatasetDir('mnist'), limit: 2000 });
  const dim = 784;
  const k = 50;
  // CPU time, not wall time: the test machine is shared, and the claim is about the work done.
  const start = process.cpuUsage();
  const pca = fitPca(mnist.images, mnist.count, dim, k);
  const used = process.cpuUsage(start);
  const seconds = (used.user + used.system) / 1e6;
  assert.ok(seconds < 5, `784x784 PCA took ${seconds.toFixed(2)} s of CPU time`);

  const cov = covariance(mnist.images, mnist.count, dim, pca.mean);
  let trace = 0;
  for (let j = 0; j < dim; j++) trace += cov[j * dim + j]!;
  const all = symmetricEigen(cov, dim, 0).values;
  const sum = all.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sum - trace) / trace < 1e-9, `sum of eigenvalues ${sum} vs trace ${trace}`);
  for (let c = 0; c < k; c++) {
    assert.ok(Math.abs(pca.explainedVariance[c]! - all[c]!) < 1e-9 * trace);
    if (c > 0) assert.ok(pca.explainedVariance[c]! <= pca.explainedVariance[c - 1]!);
    const v = pca.components.subarray(c * dim, (c + 1) * dim);
    // Residual ||C v - lambda v|| relative to the largest eigenvalue.
    let residual = 0;
    for (let i = 0; i < dim; i++) {
      let cv = 0;
      for (let j = 0; j < dim; j++) cv += cov[i * dim + j]! * v[j]!;
      residual += (cv - pca.explainedVariance[c]! * v[i]!) ** 2;
    }
    assert.ok(Math.sqrt(residual) < 1e-8 * all[0]!, `component ${c}: residual ${Math.sqrt(residual)}`);
    for (let other = 0; other <= c; other++) {
      let dot = 0;
      for (let j = 0; j < dim; j++) dot += v[j]! * pca.components[other * dim + j]!;
      assert.ok(Math.abs(dot - (other === c ? 1 : 0)) < 1e-8, `components ${c}, ${other}: dot ${dot}`);
    }
  }
});
