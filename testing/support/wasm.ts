/**
 * Test-only helpers: run the same computation on the wasm and cpu backends and compare.
 * The product never imports this.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's node bundle registers no gradients; tfjs-layers registers them all (as the product does).
import '@tensorflow/tfjs-layers';
import assert from 'node:assert/strict';
import { Random } from '../../src/util/random.js';
import { startWasmBackend } from '../../src/backend/wasm/load.js';

let wasmStarted = false;

export async function useBackend(name: 'wasm' | 'cpu'): Promise<void> {
  if (name === 'wasm' && !wasmStarted) {
    await startWasmBackend(1);
    wasmStarted = true;
  }
  await tf.setBackend(name);
}

/** Runs `compute` on a backend and returns every output's values (tensors are freed). */
export async function valuesOn(name: 'wasm' | 'cpu', compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  await useBackend(name);
  return tf.tidy(() => compute()).map((t) => {
    const values = t.dataSync() as Float32Array;
    t.dispose();
    return values;
  });
}

export function randomValues(random: Random, size: number): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = random.next() * 2 - 1;
  return values;
}

/**
 * Asserts |actual - expected| <= tolerance * max(1, max|expected|) element-wise: float32 sums in a
 * different order differ by a few ulps of the largest partial sum, not of each element.
 */
export function assertClose(actual: Float32Array, expected: Float32Array, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let scale = 1;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  let worstAt = -1;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i]! - expected[i]!);
    if (!(diff <= worst)) {
      worst = diff;
      worstAt = i;
    }
  }
  assert.ok(worst <= tolerance * scale,
    `${what}: max difference ${worst} at ${worstAt} (${actual[worstAt]} vs ${expected[worstAt]}) exceeds ${tolerance} x ${scale}`);
}
