/**
 * Starts tfjs's wasm backend from the .wasm files inside node_modules (no network), with our
 * training kernels registered. Under Node the SIMD build loads; the threaded build cannot (tfjs
 * spawns its pthread workers from blob: URLs, which Node's Worker refuses), so wasm runs on one
 * thread.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { registerWasmTrainingKernels } from './register-kernels.js';

export interface WasmStart {
  threads: number;
  simd: boolean;
}

const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'];

/** The folder holding tfjs-backend-wasm's binaries, with a trailing separator (a path prefix). */
export function wasmBinaryFolder(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

/** Why the wasm backend cannot start here, or undefined if it can (cheap: does not start it). */
export function wasmUnavailableReason(): string | undefined {
  if (typeof WebAssembly !== 'object') return 'this JavaScript runtime has no WebAssembly';
  const folder = wasmBinaryFolder();
  const missing = WASM_FILES.filter((file) => !existsSync(folder + file));
  if (missing.length > 0) return `missing ${missing.join(', ')} in ${folder}`;
  return undefined;
}

let pathsSet = false;

/** Makes 'wasm' the active backend. Throws with the reason if it cannot start. */
export async function startWasmBackend(threads: number): Promise<WasmStart> {
  const why = wasmUnavailableReason();
  if (why) throw new Error(why);
  registerWasmTrainingKernels();
  if (!pathsSet) {
    // A path prefix, not a URL: under Node the emscripten loader reads it with fs.
    setWasmPaths(wasmBinaryFolder());
    setThreadsCount(threads);
    pathsSet = true;
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed to initialise the backend');
  await tf.ready();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  return { threads: getThreadsCount(), simd };
}
