/**
 * The engines' own GEMM where the GEMM-bound models spend their time, for peak.ts to set against
 * the peak rates: the deep model's largest forward product (batch 128, 784 -> 1000, with bias and
 * relu), on one thread, in the native addon and in the WebAssembly engine (the build this
 * runtime selects: plain SIMD128 in Node 20 without flags).
 */
import { loadAddon } from '../../src/backend/native/addon.js';
import { registerWasmSimdBackend, wasmSimdAddon } from '../../src/backend/wasm/simd/index.js';
import { nodeHost } from '../../src/backend/wasm/simd/load-node.js';
import { gemm } from './engine-case.js';

export const GEMM = { m: 128, n: 1000, k: 784 };
export const GEMM_FLOPS = 2 * GEMM.m * GEMM.n * GEMM.k;

export interface EngineGemm {
  /** e.g. "native avx512" or "wasm aekit-simd.wasm". */
  name: string;
  /** The peak variant of the same instruction set. */
  peak: string;
  run: () => void;
}

const deepForward = gemm(GEMM.m, GEMM.n, GEMM.k, false, false, 'deep fwd', true);

/** Both engines' GEMM calls, and one line for each engine that cannot start. */
export async function engineGemms(): Promise<{ engines: EngineGemm[]; notes: string[] }> {
  const engines: EngineGemm[] = [], notes: string[] = [];
  const loaded = loadAddon();
  if ('why' in loaded) {
    notes.push(`native engine unavailable: ${loaded.why}`);
  } else {
    loaded.addon.setThreads(1);
    const { isa } = loaded.addon.info();
    engines.push({ name: `native ${isa}`, peak: `native-${isa}`, run: deepForward.prepare(loaded.addon, (n) => new Float32Array(n)) });
  }
  try {
    const started = await registerWasmSimdBackend({ threads: 1, host: nodeHost });
    const wasm = wasmSimdAddon();
    const peak = started.build.includes('relaxed') ? 'wasm-relaxed' : 'wasm-simd128';
    engines.push({ name: `wasm ${started.build}`, peak, run: deepForward.prepare(wasm, (n) => wasm.heapFloats(n)) });
  } catch (error) {
    notes.push(`WebAssembly engine unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { engines, notes };
}
