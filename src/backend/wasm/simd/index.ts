/**
 * aekit's WebAssembly engine as the tfjs backend 'wasm-simd': the native engine's C++ kernels
 * compiled to SIMD128 (native/wasm/, scripts/build-wasm.mjs), with threads when the runtime has
 * shared memory, driven by the native backend's own kernel glue through `WasmAddon`.
 * Environment-neutral: the caller passes the host (load-node.ts or load-browser.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerAddonBackend } from '../../native/register.js';
import { WasmAddon } from './addon.js';
import { WasmHeapBackend } from './backend.js';
import { startKernels, type KernelBuild, type KernelHost, type StartedKernels } from './engine.js';
import { wasmFeatures, type WasmFeatures } from './features.js';

export const WASM_SIMD_BACKEND = 'wasm-simd';

export interface WasmSimdStart {
  threads: number;
  simd: 'simd128';
  /** The runtime has relaxed SIMD (then the relaxed build runs, unless it failed to compile). */
  relaxedSimd: boolean;
  /** The running build: aekit-simd-relaxed[-mt].wasm uses relaxed SIMD, aekit-simd[-mt].wasm does not. */
  build: KernelBuild;
  /** SIMD in words for backendInfo: what the runtime has and which build runs. */
  simdDetail: string;
  /** One line on why fewer threads run than were asked for. */
  note?: string;
}

/** e.g. "simd128, relaxed SIMD: aekit-simd-relaxed-mt.wasm" (backendInfo's detail). */
function simdDetail(features: WasmFeatures, kernels: StartedKernels): string {
  if (kernels.relaxedSimd) return `simd128, relaxed SIMD: ${kernels.build}`;
  const relaxed = features.relaxedSimd ? `relaxed SIMD unused (${kernels.whyNotRelaxed ?? 'not selected'})` : 'no relaxed SIMD in this runtime';
  return `simd128, ${relaxed}: ${kernels.build}`;
}

let addonRef: WasmAddon | undefined;
let engine: Promise<{ addon: WasmAddon; start: Omit<WasmSimdStart, 'threads'>; workers: number }> | undefined;

/**
 * Starts the kernels once (with up to `threads` threads) and registers the backend; a later call
 * only changes the thread count, up to the workers started the first time. Throws with the
 * reason when the runtime cannot run the engine (no SIMD128).
 */
export async function registerWasmSimdBackend(options: { threads: number; host: KernelHost; features?: WasmFeatures }): Promise<WasmSimdStart> {
  const features = options.features ?? wasmFeatures();
  const first = engine === undefined;
  engine ??= (async () => {
    const kernels = await startKernels(options.host, features, options.threads);
    const addon = new WasmAddon(kernels);
    // Tensors live in the kernels' memory where it is shared; else (one thread) calls copy them.
    registerAddonBackend(WASM_SIMD_BACKEND, addon, -2, addon.heap.zeroCopy ? () => new WasmHeapBackend(addon) : undefined);
    const start = {
      simd: 'simd128' as const, relaxedSimd: features.relaxedSimd, build: kernels.build, simdDetail: simdDetail(features, kernels),
      ...(kernels.whyFewerThreads ? { note: kernels.whyFewerThreads } : {}),
    };
    return { addon, start, workers: kernels.threads - 1 };
  })();
  let started: Awaited<typeof engine>;
  try {
    started = await engine;
  } catch (error) {
    engine = undefined;  // let a later call try again (e.g. with another host)
    throw error;
  }
  const { addon, start, workers } = started;
  addonRef = addon;
  if (!first) addon.setThreads(options.threads);
  const threads = addon.info().threads;
  const note = start.note ?? (options.threads > workers + 1 ? `the engine started with ${workers + 1} thread(s) and cannot add workers later` : undefined);
  return { ...start, threads, ...(note ? { note } : {}) };
}

/** The running engine's addon (tests and benches call kernels directly); throws before it started. */
export function wasmSimdAddon(): WasmAddon {
  if (!addonRef) throw new Error('aekit wasm: the WebAssembly engine has not been started (registerWasmSimdBackend)');
  return addonRef;
}

/** Makes 'wasm-simd' the active backend (after registerWasmSimdBackend). */
export async function activateWasmSimd(): Promise<void> {
  if (!(await tf.setBackend(WASM_SIMD_BACKEND))) throw new Error(`tf.setBackend('${WASM_SIMD_BACKEND}') failed`);
  await tf.ready();
}

export { wasmFeatures, type WasmFeatures } from './features.js';
export type { KernelHost } from './engine.js';
