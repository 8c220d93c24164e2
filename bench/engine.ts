/**
 * Starts one aekit engine in this process. The bench runs each engine in its own child process,
 * so engines never share a process and nothing depends on switching backends at run time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '../src/backend/select.js';
import { loadAddon } from '../src/backend/native/addon.js';
import { registerNativeBackend } from '../src/backend/native/index.js';
import { startWasmBackend } from '../src/backend/wasm/index.js';

/**
 * wasm-simd-chromium: the WebAssembly engine in a headless Chromium page (bench/browser/,
 * `--browser`). native-avx2: the native engine held to its AVX2 kernels, which is what it runs on
 * a CPU without AVX-512 (the same core, so the same two FMA pipes, now 256 bits wide).
 */
export type EngineName = 'native' | 'native-avx2' | 'wasm-simd' | 'wasm' | 'cpu' | 'wasm-simd-chromium';
export const ENGINE_NAMES: EngineName[] = ['native', 'native-avx2', 'wasm-simd', 'wasm', 'cpu', 'wasm-simd-chromium'];
/** The engines a bench runs unless told otherwise. */
export const DEFAULT_ENGINES: EngineName[] = ['native', 'wasm-simd', 'wasm', 'cpu'];

export interface StartedEngine {
  engine: EngineName;
  threads: number;
  detail: string;
}

/**
 * Through `initBackend` first, as a user's program would. While select.ts cannot yet pick an
 * engine (it then answers with another one), the engine is started directly from its module and
 * the detail says so, so the numbers are never silently another engine's.
 */
export async function startEngine(engine: EngineName, threads: number): Promise<StartedEngine> {
  if (engine === 'native-avx2') return startNativeAvx2(threads);
  const info = await initBackend({ backend: engine as BackendName, threads });
  if (info.name === engine && tf.getBackend() === engine) {
    return { engine, threads: info.threads, detail: `via initBackend: ${info.reason}` };
  }
  const bypass = `initBackend({backend: '${engine}'}) gave '${info.name}', started directly`;
  if (engine === 'native') {
    const registration = registerNativeBackend({ threads });
    if (!registration.ok) throw new Error(`native engine unavailable: ${registration.why}`);
    if (!(await tf.setBackend('native'))) throw new Error('tf.setBackend("native") failed');
    return { engine, threads: registration.threads, detail: `${registration.simd} SGEMM; ${bypass}` };
  }
  if (engine === 'wasm') {
    const started = await startWasmBackend(threads);
    return { engine, threads: started.threads, detail: `${started.simd ? 'SIMD' : 'no SIMD'}; ${bypass}` };
  }
  if (engine === 'wasm-simd' || engine === 'wasm-simd-chromium') throw new Error(`${engine} engine unavailable: ${bypass}`);
  if (!(await tf.setBackend('cpu'))) throw new Error('tf.setBackend("cpu") failed');
  return { engine, threads: 1, detail: 'tfjs reference JavaScript kernels' };
}

/** The native engine with its AVX2 kernels (an error when the CPU or the build lacks them). */
async function startNativeAvx2(threads: number): Promise<StartedEngine> {
  const registration = registerNativeBackend({ threads });
  if (!registration.ok) throw new Error(`native engine unavailable: ${registration.why}`);
  const loaded = loadAddon();
  if (!('addon' in loaded) || !loaded.addon.setIsa('avx2')) {
    throw new Error(`native-avx2: this CPU or build has no AVX2 kernels (best: ${registration.simd})`);
  }
  if (!(await tf.setBackend('native'))) throw new Error('tf.setBackend("native") failed');
  const { isa, bestIsa } = loaded.addon.info();
  return { engine: 'native-avx2', threads: registration.threads, detail: `our C++ engine held to its ${isa} kernels (this CPU's best: ${bestIsa})` };
}
