/**
 * Reconstruction errors of each sample, from flat originals and reconstructions (count x size
 * values). One place computes them for metrics, anomaly scores and the PCA baseline alike.
 */

// Keras's clipping epsilon, the models' loss's own.
import { BCE_EPSILON } from '../backend/binary-cross-entropy.js';
export { BCE_EPSILON };

export type ErrorKind = 'mse' | 'sse' | 'bce';

export const ERROR_KINDS: readonly ErrorKind[] = ['mse', 'sse', 'bce'];

export function checkPair(original: Float32Array, reconstruction: Float32Array, count: number, what: string): number {
  if (!Number.isInteger(count) || count < 1) throw new Error(`${what}: needs at least one sample, got ${count}`);
  if (original.length !== reconstruction.length) {
    throw new Error(`${what}: originals have ${original.length} values but reconstructions have ${reconstruction.length}`);
  }
  if (original.length % count !== 0) throw new Error(`${what}: ${original.length} values do not split into ${count} samples`);
  return original.length / count;
}

/** Binary cross-entropy of one pixel, clipped as Keras clips it. */
export function pixelBce(target: number, output: number): number {
  const p = Math.min(1 - BCE_EPSILON, Math.max(BCE_EPSILON, output));
  return -(target * Math.log(p) + (1 - target) * Math.log(1 - p));
}

/**
 * Per-sample error: 'mse' mean squared error per pixel, 'sse' sum of squared errors per image
 * (Hinton & Salakhutdinov's measure), 'bce' mean binary cross-entropy per pixel.
 */
export function perSampleErrors(original: Float32Array, reconstruction: Float32Array, count: number, kind: ErrorKind): Float64Array {
  if (!ERROR_KINDS.includes(kind)) throw new Error(`unknown error measure '${String(kind)}': expected one of ${ERROR_KINDS.join(', ')}`);
  const size = checkPair(original, reconstruction, count, 'perSampleErrors');
  const out = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    let sum = 0;
    const base = s * size;
    if (kind === 'bce') {
      for (let i = base; i < base + size; i++) sum += pixelBce(original[i]!, reconstruction[i]!);
    } else {
      for (let i = base; i < base + size; i++) {
        const d = original[i]! - reconstruction[i]!;
        sum += d * d;
      }
    }
    out[s] = kind === 'sse' ? sum : sum / size;
  }
  return out;
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}
