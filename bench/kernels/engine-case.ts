/**
 * A kernel call that either engine runs (the native addon or the WebAssembly engine's `WasmAddon`,
 * which share the `NativeAddon` interface), and the fastest-of timer engines.ts and peak.ts use.
 */
import type { NativeAddon } from '../../src/backend/native/addon.js';
import { Random } from '../../src/util/random.js';

/** A kernel call on one engine, its arrays made by `array` (so each engine gets its own kind). */
export interface Case {
  group: 'gemm' | 'conv' | 'pool' | 'adam';
  name: string;
  prepare(addon: NativeAddon, array: (n: number) => Float32Array): () => void;
}

export function filled(array: (n: number) => Float32Array, n: number, rng: Random): Float32Array {
  const a = array(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

export function gemm(m: number, n: number, k: number, ta: boolean, tb: boolean, label: string, relu = false): Case {
  return {
    group: 'gemm',
    name: `${label} ${m}x${n}x${k}${ta ? ' tA' : ''}${tb ? ' tB' : ''}${relu ? ' +bias relu' : ''}`,
    prepare: (addon, array) => {
      const rng = new Random(3);
      const a = filled(array, m * k, rng), b = filled(array, k * n, rng), c = array(m * n);
      const bias = relu ? filled(array, n, rng) : null;
      return () => addon.matmul(a, b, c, 1, m, n, k, ta, tb, 0, 0, bias, relu ? 1 : 0, 0, null);
    },
  };
}

/** The fastest of the calls made within ~budgetMs (at least 3). */
export function fastestMs(run: () => void, budgetMs: number): number {
  run();
  let best = Infinity;
  const start = performance.now();
  for (let i = 0; i < 3 || performance.now() - start < budgetMs; i++) {
    const t0 = performance.now();
    run();
    best = Math.min(best, performance.now() - t0);
    if (i > 200) break;
  }
  return best;
}
