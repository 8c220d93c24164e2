/**
 * Principal component analysis by eigendecomposition of the sample covariance (our symmetric
 * solver, symmetric-eigen.ts: 784x784 in about a second). The reference a linear
 * autoencoder is compared against: with linear activations and MSE it should find the same
 * subspace (Baldi & Hornik 1989).
 */
import { symmetricEigen } from './symmetric-eigen.js';

export interface Pca {
  /** Per-feature mean (dim values). */
  mean: Float64Array;
  /** k x dim, row-major; unit rows ordered by decreasing variance. */
  components: Float64Array;
  /** Variance along each component (the covariance eigenvalues, divided by count - 1). */
  explainedVariance: Float64Array;
  k: number;
  dim: number;
  /** Codes (count x k) of count samples. */
  transform(data: Float32Array, count: number): Float32Array;
  /** Samples (count x dim) back from codes (count x k). */
  inverseTransform(codes: Float32Array, count: number): Float32Array;
}

/** Sample covariance (dim x dim, divided by count - 1) of centred data; only the upper triangle is summed. */
export function covariance(data: Float32Array, count: number, dim: number, mean: Float64Array): Float64Array {
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let n = 0; n < count; n++) {
    for (let j = 0; j < dim; j++) row[j] = data[n * dim + j]! - mean[j]!;
    for (let i = 0; i < dim; i++) {
      const xi = row[i]!;
      if (xi === 0) continue; // always-blank pixels: nothing to add
      const offset = i * dim;
      for (let j = i; j < dim; j++) cov[offset + j] += xi * row[j]!;
    }
  }
  const scale = 1 / Math.max(1, count - 1);
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const v = cov[i * dim + j]! * scale;
      cov[i * dim + j] = v;
      cov[j * dim + i] = v;
    }
  }
  return cov;
}

/** PCA of `count` rows of `dim` values keeping `k` components (mean, components, explained variance), with transform and inverse. */
export function fitPca(data: Float32Array, count: number, dim: number, k: number): Pca {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`fitPca: dim must be a whole number >= 1, got ${dim}`);
  if (!Number.isInteger(k) || k < 1 || k > dim) throw new Error(`fitPca: k must be a whole number from 1 to dim (${dim}), got ${k}`);
  if (!Number.isInteger(count) || count < 2) throw new Error(`fitPca: needs at least 2 samples, got ${count}`);
  if (data.length !== count * dim) throw new Error(`fitPca: ${count} samples of ${dim} values need ${count * dim} values, found ${data.length}`);

  const mean = new Float64Array(dim);
  for (let n = 0; n < count; n++) for (let j = 0; j < dim; j++) mean[j] += data[n * dim + j]!;
  for (let j = 0; j < dim; j++) mean[j] /= count;

  const cov = covariance(data, count, dim, mean);
  const eig = symmetricEigen(cov, dim, k);
  const components = eig.vectors;
  const explainedVariance = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    explainedVariance[c] = Math.max(0, eig.values[c]!);
    // Sign convention: the largest-magnitude entry is positive, so results are deterministic.
    const row = components.subarray(c * dim, (c + 1) * dim);
    let largest = 0;
    for (const v of row) if (Math.abs(v) > Math.abs(largest)) largest = v;
    if (largest < 0) for (let j = 0; j < dim; j++) row[j] = -row[j]!;
  }
  return makePca(mean, components, explainedVariance, k, dim);
}

function makePca(mean: Float64Array, components: Float64Array, explainedVariance: Float64Array, k: number, dim: number): Pca {
  return {
    mean,
    components,
    explainedVariance,
    k,
    dim,
    transform(data, count) {
      if (data.length !== count * dim) throw new Error(`Pca.transform: ${count} samples of ${dim} values need ${count * dim} values, found ${data.length}`);
      const codes = new Float32Array(count * k);
      for (let n = 0; n < count; n++) {
        for (let c = 0; c < k; c++) {
          let sum = 0;
          for (let j = 0; j < dim; j++) sum += (data[n * dim + j]! - mean[j]!) * components[c * dim + j]!;
          codes[n * k + c] = sum;
        }
      }
      return codes;
    },
    inverseTransform(codes, count) {
      if (codes.length !== count * k) throw new Error(`Pca.inverseTransform: ${count} codes of ${k} values need ${count * k} values, found ${codes.length}`);
      const out = new Float32Array(count * dim);
      for (let n = 0; n < count; n++) {
        for (let j = 0; j < dim; j++) {
          let sum = mean[j]!;
          for (let c = 0; c < k; c++) sum += codes[n * k + c]! * components[c * dim + j]!;
          out[n * dim + j] = sum;
        }
      }
      return out;
    },
  };
}

/**
 * Principal angles (radians, ascending) between the column spaces of two dim x k bases given
 * row-major as k x dim (each row one basis vector): orthonormalise both (Gram-Schmidt), then the
 * angles are the arccos of the singular values of Q1^T Q2.
 */
export function principalAngles(a: Float64Array, b: Float64Array, k: number, dim: number): number[] {
  const qa = orthonormalRows(a, k, dim);
  const qb = orthonormalRows(b, k, dim);
  const cross: number[][] = [];
  for (let i = 0; i < k; i++) {
    const row: number[] = [];
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += qa[i * dim + d]! * qb[j * dim + d]!;
      row.push(dot);
    }
    cross.push(row);
  }
  // Singular values of the small k x k matrix M = Q1^T Q2: square roots of the eigenvalues of M^T M.
  const gram = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let sum = 0;
      for (let r = 0; r < k; r++) sum += cross[r]![i]! * cross[r]![j]!;
      gram[i * k + j] = sum;
    }
  }
  return Array.from(symmetricEigen(gram, k, 0).values)
    .map((v) => Math.acos(Math.min(1, Math.sqrt(Math.max(0, v)))))
    .sort((x, y) => x - y);
}

/** Modified Gram-Schmidt on the rows (twice, for float safety). */
function orthonormalRows(rows: Float64Array, k: number, dim: number): Float64Array {
  const q = Float64Array.from(rows);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < i; j++) {
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += q[i * dim + d]! * q[j * dim + d]!;
        for (let d = 0; d < dim; d++) q[i * dim + d] -= dot * q[j * dim + d]!;
      }
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += q[i * dim + d]! ** 2;
      norm = Math.sqrt(norm);
      if (norm === 0) throw new Error(`principalAngles: basis vector ${i} is linearly dependent on the others`);
      for (let d = 0; d < dim; d++) q[i * dim + d] /= norm;
    }
  }
  return q;
}
