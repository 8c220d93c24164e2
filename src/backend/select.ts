/**
 * Chooses and initialises the TF.js compute backend in Node. Order when 'auto':
 * tfjs-node (if the user installed it) -> native (our C++ addon) -> wasm-simd (the same kernels in
 * WebAssembly SIMD128, with worker threads) -> wasm (tfjs's XNNPACK + our gradient kernels) -> cpu.
 * The reason for the choice, and why each earlier candidate was passed over, is kept so
 * `aekit info` can explain it. How a choice is made is selection.ts (shared with a page's
 * select-browser.ts); this file holds Node's candidates and its environment variables.
 */
import * as tf from '@tensorflow/tfjs-core';
import { availableParallelism } from 'node:os';
import {
  activate, errorText, parseBackendChoice, parseThreads, Selection, startCpu, startWasmSimdEngine, Unavailable,
  type BackendInfo as SharedBackendInfo, type Started,
} from './selection.js';
import { heapPolicySetting } from './native/heap-policy.js';

export type BackendName = 'auto' | 'tensorflow' | 'native' | 'wasm-simd' | 'wasm' | 'cpu';
type ConcreteBackend = Exclude<BackendName, 'auto'>;

export interface BackendOptions {
  /** Default: env AEKIT_BACKEND, else 'auto'. */
  backend?: BackendName;
  /** Worker threads for backends that use them; default: env AEKIT_THREADS, else available cores. */
  threads?: number;
}

export type BackendInfo = SharedBackendInfo<ConcreteBackend>;

const BACKEND_NAMES: readonly BackendName[] = ['auto', 'tensorflow', 'native', 'wasm-simd', 'wasm', 'cpu'];
const AUTO_ORDER: readonly ConcreteBackend[] = ['tensorflow', 'native', 'wasm-simd', 'wasm', 'cpu'];

// Module names held in variables so TypeScript does not demand them at build time: tfjs-node is
// optional for users, and the native engine is built separately and may be absent.
const TFJS_NODE_MODULE = '@tensorflow/tfjs-node';

/** Test seam: point the native candidate elsewhere (e.g. at a missing module) and clear state. */
export const selectionForTests = {
  nativeModule: './native/index.js',
  wasmSimdModule: './wasm/simd/node.js',
  reset(): void {
    selection.reset();
    warned.clear();
  },
};

interface NativeModule {
  registerNativeBackend(options?: { threads?: number }):
    { ok: true; threads: number; simd: string; heap: string; file?: string } | { ok: false; why: string; fix?: string };
}

async function startTensorflow(): Promise<Started> {
  try {
    await import(TFJS_NODE_MODULE);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Unavailable(`${TFJS_NODE_MODULE} is not installed (npm install ${TFJS_NODE_MODULE} to use it)`);
    }
    throw new Unavailable(`${TFJS_NODE_MODULE} failed to load: ${errorText(error)}`);
  }
  if (!tf.findBackendFactory('tensorflow')) {
    throw new Unavailable(`${TFJS_NODE_MODULE} loaded but registered with another copy of @tensorflow/tfjs-core (version mismatch?)`);
  }
  await activate('tensorflow');
  return { threads: availableParallelism(), detail: 'TensorFlow C library through @tensorflow/tfjs-node' };
}

async function startNative(threads: number): Promise<Started> {
  heapPolicySetting(process.env);  // a bad AEKIT_MALLOC is the user's error to fix, not a reason to fall back
  let native: NativeModule;
  try {
    native = (await import(selectionForTests.nativeModule)) as NativeModule;
  } catch (error) {
    throw new Unavailable(`the native engine is not built or failed to load (${errorText(error)})`);
  }
  let registered: ReturnType<NativeModule['registerNativeBackend']>;
  try {
    registered = native.registerNativeBackend({ threads });
  } catch (error) {
    throw new Unavailable(`registering it failed: ${errorText(error)}`);
  }
  if (!registered.ok) throw new Unavailable(registered.why, registered.fix);
  await activate('native');
  return { threads: registered.threads, simd: registered.simd,
    detail: `our C++ engine (${registered.file ? `${registered.file}: ` : ''}${registered.simd}, ${registered.threads} threads; malloc: ${registered.heap})` };
}

async function startWasmSimd(threads: number): Promise<Started> {
  const load = async () => ((await import(selectionForTests.wasmSimdModule)) as typeof import('./wasm/simd/node.js')).startWasmSimdInNode;
  const started = await startWasmSimdEngine(load, threads);
  if (started.note) warnOnce('wasm-simd threads', `aekit: ${started.note}\n`);
  return started;
}

async function startWasm(threads: number): Promise<Started> {
  let wasm: typeof import('./wasm/index.js');
  try {
    wasm = await import('./wasm/index.js');
  } catch (error) {
    throw new Unavailable(`@tensorflow/tfjs-backend-wasm failed to load: ${errorText(error)}`);
  }
  const why = wasm.wasmUnavailableReason();
  if (why) throw new Unavailable(why);
  let started: Awaited<ReturnType<typeof wasm.startWasmBackend>>;
  try {
    started = await wasm.startWasmBackend(threads);
  } catch (error) {
    throw new Unavailable(`initialising it failed: ${errorText(error)}`);
  }
  const build = started.simd ? 'SIMD build' : 'plain build (no SIMD)';
  return { threads: started.threads, simd: started.simd ? 'simd128' : 'none', relaxedSimd: false, detail: `WebAssembly/XNNPACK, ${build}, ${started.threads} thread(s), with aekit's training kernels` };
}

function start(name: ConcreteBackend, threads: number): Promise<Started> {
  switch (name) {
    case 'tensorflow':
      return startTensorflow();
    case 'native':
      return startNative(threads);
    case 'wasm-simd':
      return startWasmSimd(threads);
    case 'wasm':
      return startWasm(threads);
    case 'cpu':
      return startCpu();
  }
}

export { parseThreads };

const selection = new Selection<ConcreteBackend>({ auto: AUTO_ORDER, all: AUTO_ORDER, start });

export function parseBackendName(value: string, source: string): BackendName {
  return parseBackendChoice(value, source, BACKEND_NAMES);
}

function wantedBackend(options: BackendOptions): BackendName {
  if (options.backend !== undefined) return parseBackendName(options.backend, 'backend option');
  const fromEnv = process.env['AEKIT_BACKEND'];
  if (fromEnv !== undefined && fromEnv !== '') return parseBackendName(fromEnv, 'AEKIT_BACKEND');
  return 'auto';
}

function wantedThreads(options: BackendOptions): number {
  if (options.threads !== undefined) return parseThreads(options.threads, 'threads option');
  const fromEnv = process.env['AEKIT_THREADS'];
  if (fromEnv !== undefined && fromEnv !== '') return parseThreads(fromEnv, 'AEKIT_THREADS');
  return availableParallelism();
}

/** One line each, once per process: why a faster engine or more threads were not to be had. */
const warned = new Set<string>();

function warnOnce(key: string, line: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  process.stderr.write(line);
}

/**
 * What falling back from native costs in training: samples/s against native's over the bench's five
 * models on 2 cores: wasm-simd 0.34-0.51x (bench/results/speed-2026-12-06T05-56-54.md), wasm
 * 0.025-0.16x (speed-2026-12-06T03-58-47.md); cpu below 0.001x for conv1 (speed-2026-11-23T02-55-19.md).
 */
const TRAINING_SLOWDOWN: Partial<Record<ConcreteBackend, string>> = {
  'wasm-simd': 'about 2-3x slower',
  wasm: 'about 6-40x slower',
  cpu: 'over 100x slower',
};

/**
 * One stderr line for each faster engine 'auto' had to pass over; for native: why it is missing,
 * what the fallback costs in training, and the fix.
 */
function warnFallbacks(info: BackendInfo): void {
  const nativeSkip = info.skipped.find((s) => s.name === 'native');
  if (nativeSkip) {
    const cost = TRAINING_SLOWDOWN[info.name] ? `, which trains ${TRAINING_SLOWDOWN[info.name]}` : '';
    const fix = nativeSkip.fix ? `; ${nativeSkip.fix}` : '';
    warnOnce('native', `aekit: native backend unavailable (${nativeSkip.why}); falling back to ${info.name}${cost}${fix}\n`);
  }
  const simdSkip = info.skipped.find((s) => s.name === 'wasm-simd');
  if (simdSkip) warnOnce('wasm-simd', `aekit: WebAssembly SIMD engine unavailable (${simdSkip.why}); using ${info.name}\n`);
}

/** The engine `initBackend` chose and why, or undefined before it ran. */
export function backendInfo(): BackendInfo | undefined {
  return selection.info();
}

/**
 * Starts the requested backend (or the best available for 'auto') and makes it tfjs's active
 * backend. Idempotent: a repeat call for 'auto' or for the active backend returns the same info.
 */
export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const info = await selection.init(() => ({
    wanted: wantedBackend(options),
    threads: wantedThreads(options),
    source: options.backend !== undefined ? 'the backend option' : 'AEKIT_BACKEND',
  }));
  warnFallbacks(info);
  return info;
}
