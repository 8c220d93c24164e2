/**
 * Chooses and initialises the TF.js compute backend in a web page. 'auto' takes aekit's
 * WebAssembly SIMD engine ('wasm-simd': the native engine's kernels in SIMD128, with a pool of
 * module workers when the page is cross-origin isolated, one thread otherwise); then tfjs's
 * wasm backend with aekit's training kernels (for a browser without wasm SIMD, or a bundle that
 * lost the engine's files); then the cpu backend. 'webgl' and 'webgpu' run only when asked for,
 * and only if the page has loaded that tfjs backend (aekit does not bundle them). When the page
 * gets less than the best (no threads, no SIMD, a fallback), one console line says what was
 * missing; `backendInfo()` keeps the full reason.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  activate, errorText, parseBackendChoice, parseThreads, Selection, startCpu, startWasmSimdEngine, Unavailable,
  type BackendInfo, type Started,
} from './selection.js';

export type BrowserBackendName = 'auto' | 'wasm-simd' | 'wasm' | 'webgl' | 'webgpu' | 'cpu';
type ConcreteBrowserBackend = Exclude<BrowserBackendName, 'auto'>;
export type BrowserBackendInfo = BackendInfo<ConcreteBrowserBackend>;

export interface BrowserBackendOptions {
  /** Default 'auto'. */
  backend?: BrowserBackendName;
  /** Threads for the wasm engines when the page is cross-origin isolated; default navigator.hardwareConcurrency. */
  threads?: number;
  /**
   * Folder URL (ending in '/') holding tfjs-backend-wasm's .wasm files (the 'wasm' fallback), for
   * bundlers that do not copy them (esbuild); by default the copies Vite or webpack put in the
   * build are used. The 'wasm-simd' engine's files are found next to the bundle in that case.
   */
  wasmPaths?: string;
}

const BACKEND_NAMES: readonly BrowserBackendName[] = ['auto', 'wasm-simd', 'wasm', 'webgl', 'webgpu', 'cpu'];
const AUTO_ORDER: readonly ConcreteBrowserBackend[] = ['wasm-simd', 'wasm', 'cpu'];
const ALL: readonly ConcreteBrowserBackend[] = ['wasm-simd', 'wasm', 'webgl', 'webgpu', 'cpu'];

/** The npm package of each optional backend; the page imports it, aekit only switches to it. */
const OPTIONAL_PACKAGES = { webgl: '@tensorflow/tfjs-backend-webgl', webgpu: '@tensorflow/tfjs-backend-webgpu' } as const;

const ISOLATION_HINT = 'serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp';

/** Why wasm cannot use threads in this page, or undefined if it can. */
export function whyNoThreads(): string | undefined {
  if (typeof SharedArrayBuffer !== 'function') {
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
    return isolated === false
      ? `the page is not cross-origin isolated, so it has no SharedArrayBuffer (${ISOLATION_HINT})`
      : 'this browser has no SharedArrayBuffer';
  }
  return undefined;
}

let wasmPaths: string | undefined;

function startWasmSimd(threads: number): Promise<Started> {
  return startWasmSimdEngine(async () => (await import('./wasm/simd/browser.js')).startWasmSimdInBrowser, threads);
}

async function startWasm(threads: number): Promise<Started> {
  if (typeof WebAssembly !== 'object') throw new Unavailable('this browser has no WebAssembly');
  let loader: typeof import('./wasm/load-browser.js');
  try {
    loader = await import('./wasm/load-browser.js');
  } catch (error) {
    throw new Unavailable(`@tensorflow/tfjs-backend-wasm failed to load: ${errorText(error)}`);
  }
  let started: Awaited<ReturnType<typeof loader.startBrowserWasm>>;
  try {
    started = await loader.startBrowserWasm(threads, wasmPaths);
  } catch (error) {
    throw new Unavailable(`initialising it failed: ${errorText(error)}`);
  }
  const build = started.threaded ? 'threaded SIMD build' : started.simd ? 'SIMD build' : "plain build (this browser's WebAssembly has no SIMD)";
  const noThreads = started.threaded ? undefined : (started.whyNotThreaded ?? whyNoThreads());
  const capped = started.threaded && started.threads < threads
    ? `tfjs-backend-wasm runs ${started.threads} of the ${threads} threads asked for (it caps its pool at half of navigator.hardwareConcurrency)`
    : undefined;
  const note = !started.simd ? "no WebAssembly SIMD: running tfjs-backend-wasm's plain build" : noThreads ? `no threads: ${noThreads}; wasm runs on 1 thread` : capped;
  return {
    threads: started.threads,
    simd: started.simd ? 'simd128' : 'none',
    detail: `WebAssembly/XNNPACK, ${build}, ${started.threads} thread(s); with aekit's training kernels${note ? `; ${note}` : ''}`,
    ...(note ? { note } : {}),
  };
}

async function startOptional(name: keyof typeof OPTIONAL_PACKAGES): Promise<Started> {
  const pkg = OPTIONAL_PACKAGES[name];
  if (!tf.findBackendFactory(name)) {
    // Without a bundler (import maps, a CDN) the page may still resolve the package by name;
    // held in a variable so bundlers do not try to include it.
    const specifier: string = pkg;
    const loaded = await import(/* @vite-ignore */ specifier).then(() => true, () => false);
    if (!tf.findBackendFactory(name)) {
      throw new Unavailable(
        loaded
          ? `${pkg} loaded but registered with another copy of @tensorflow/tfjs-core (install the same version as aekit's)`
          : `${pkg} is not in the page: npm install ${pkg}, and import '${pkg}' in the page before initBackend`,
      );
    }
  }
  await activate(name);
  return { threads: 1, detail: `${pkg} (the GPU through ${name === 'webgl' ? 'WebGL' : 'WebGPU'})` };
}

function start(name: ConcreteBrowserBackend, threads: number): Promise<Started> {
  switch (name) {
    case 'wasm-simd':
      return startWasmSimd(threads);
    case 'wasm':
      return startWasm(threads);
    case 'webgl':
    case 'webgpu':
      return startOptional(name);
    case 'cpu':
      return startCpu();
  }
}

const selection = new Selection<ConcreteBrowserBackend>({ auto: AUTO_ORDER, all: ALL, start });

function defaultThreads(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return cores !== undefined && Number.isInteger(cores) && cores >= 1 ? cores : 1;
}

let warned = false;

/** One console line when the page runs on less than the best engine, naming what was missing. */
function warnIfDegraded(info: BrowserBackendInfo, threadsWanted: number): void {
  if (warned) return;
  const skippedSimd = info.skipped.find((s) => s.name === 'wasm-simd');
  let line: string | undefined;
  if (info.name === 'cpu' && info.skipped.length > 0) line = `no WebAssembly engine (${info.skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}); running on the slow cpu backend`;
  else if (skippedSimd) line = `WebAssembly SIMD engine unavailable (${skippedSimd.why}); using ${info.name}${info.note ? `: ${info.note}` : ''}`;
  else if (info.note && (info.simd === 'none' || threadsWanted > 1)) line = info.note;
  if (!line) return;
  warned = true;
  console.warn(`aekit: ${line}`);
}

/** The engine `initBackend` chose in this page and why, or undefined before it ran. */
export function backendInfo(): BrowserBackendInfo | undefined {
  return selection.info();
}

/**
 * Starts the requested backend (or the best available for 'auto') and makes it tfjs's active
 * backend. Idempotent: a repeat call for 'auto' or for the active backend returns the same info.
 */
export async function initBackend(options: BrowserBackendOptions = {}): Promise<BrowserBackendInfo> {
  let threads = 1;
  const info = await selection.init(() => {
    const wanted = options.backend === undefined ? 'auto' : parseBackendChoice(options.backend, 'backend option', BACKEND_NAMES);
    threads = options.threads === undefined ? defaultThreads() : parseThreads(options.threads, 'threads option');
    if (options.wasmPaths !== undefined) wasmPaths = options.wasmPaths;
    return { wanted, threads, source: 'the backend option' };
  });
  warnIfDegraded(info, threads);
  return info;
}
