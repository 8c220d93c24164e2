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
// The emscripten glue of tfjs's threaded build (the same module tfjs imports), read only to
// check that a minifier left it whole: see threadedGlueIsWhole.
import * as threadedGlue from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js';
import { registerWasmTrainingKernels } from './register-kernels.js';

export interface BrowserWasmStart {
  threads: number;
  simd: boolean;
  /** tfjs chose its threaded build (the page is cross-origin isolated). */
  threaded: boolean;
  /** Why the threaded build was not used although the page could run it. */
  whyNotThreaded?: string;
}

/**
 * tfjs starts its threaded build's workers from the glue's factory function turned back into
 * source text (Function.toString). That text refers to `_scriptDir`, a variable declared just
 * outside the function: a minifier that renames variables (Vite's production build does) renames
 * it, the workers then hit an undefined name and tf.setBackend never settles. So the threaded
 * build is used only when the name is still there.
 */
export function threadedGlueIsWhole(): boolean {
  const module = threadedGlue as { default?: unknown };
  const factory = typeof module.default === 'function' ? module.default : threadedGlue;
  return typeof factory === 'function' && /\b_scriptDir\b/.test(Function.prototype.toString.call(factory));
}

export const MANGLED_GLUE =
  "this bundle's minifier renamed variables inside tfjs-backend-wasm's threaded glue, which tfjs's workers need by name " +
  '(build without identifier mangling to get its threads, e.g. Vite: build.minify false)';

function bundledWasmFiles(): Record<string, string> {
  return {
    'tfjs-backend-wasm.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', import.meta.url).href,
    'tfjs-backend-wasm-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', import.meta.url).href,
    'tfjs-backend-wasm-threaded-simd.wasm': new URL('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', import.meta.url).href,
  };
}

let configured = false;
let whyNotThreaded: string | undefined;

/**
 * Makes 'wasm' the active backend. `wasmPaths` is a folder URL holding tfjs-backend-wasm's .wasm
 * files, for bundlers that do not copy them; by default the bundled copies are used.
 */
export async function startBrowserWasm(threads: number, wasmPaths?: string): Promise<BrowserWasmStart> {
  registerWasmTrainingKernels();
  if (!configured) {
    // tfjs reads these settings once, when the backend first initialises.
    setWasmPaths(wasmPaths ?? bundledWasmFiles());
    setThreadsCount(threads);
    if ((await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true && !threadedGlueIsWhole()) {
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      whyNotThreaded = MANGLED_GLUE;
    }
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
  return { threads: threaded ? getThreadsCount() : 1, simd: simd === true, threaded, ...(whyNotThreaded ? { whyNotThreaded } : {}) };
}
