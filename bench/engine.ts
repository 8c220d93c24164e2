/**
 * Starts one aekit engine in this process. The bench runs each engine in its own child process,
 * so engines never share a process and nothing depends on switching backends at run time.
 */
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, type BackendName } from '../src/backend/select.js';
import { registerNativeBackend } from '../src/backend/native/index.js';
import { startWasmBackend } from '../src/backend/wasm/index.js';

/** wasm-simd-chromium: the WebAssembly engine in a headless Chromium page (bench/browser/, `--browser`). */
export type EngineName = 'native' | 'wasm-simd' | 'wasm' | 'cpu' | 'wasm-simd-chromium';
export const ENGINE_NAMES: EngineName[] = ['native', 'wasm-simd', 'wasm', 'cpu', 'wasm-simd-chromium'];
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
