/**
 * Starts tfjs's wasm backend in a web page, with our training kernels registered. tfjs picks its
 * build from what the page allows: threaded SIMD when the page is cross-origin isolated (shared
 * memory), SIMD alone otherwise, the plain build where the browser has no wasm SIMD.
 *
 * The three .wasm files are named with `new URL('<package>/<file>', import.meta.url)`, which
 * Vite and webpack 5 follow: they copy each file into the build and rewrite the URL. A bundler
 * that does not (esbuild) leaves a URL that points nowhere; the page then passes `wasmPaths`
 * (the folder it copied the files to), as the README says.
 */
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './register-kernels.js';

export interface BrowserWasmStart {
  threads: number;
  simd: boolean;
  /** tfjs chose its threaded build (the page is cross-origin isolated). */
  threaded: boolean;
}

function bundledWasmFiles(): Record<string, string> {
  return {
    'tfjs-backend-wasm.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', import.meta.url).href,
    'tfjs-backend-wasm-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', import.meta.url).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url).href,
  };
}

let configured = false;

/**
 * Makes 'wasm' the active backend. `wasmPaths` is a folder URL holding tfjs-backend-wasm's .wasm
 * files, for bundlers that do not copy them; by default the bundled copies are used.
 */
export async function startBrowserWasm(threads: number, wasmPaths?: string): Promise<BrowserWasmStart> {
  registerWasmTrainingKernels();
  if (!configured) {
    // tfjs reads both settings once, when the backend first initialises.
    setWasmPaths(wasmPaths ?? bundledWasmFiles());
    setThreadsCount(threads);
    configured = true;
  }
  if (!(await tf.setBackend('wasm'))) {
    throw new Error(`tf.setBackend('wasm') failed to initialise (could the page fetch the .wasm files? ${wasmPaths ? `wasmPaths: ${wasmPaths}` : 'see the README on bundlers'})`);
  }
  await tf.ready();
  const [simd, multithread] = await Promise.all([
    tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
  ]);
  const threaded = simd === true && multithread === true;
  return { threads: threaded ? getThreadsCount() : 1, simd: simd === true, threaded };
}
