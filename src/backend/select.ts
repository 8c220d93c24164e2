/**
 * Chooses and initialises the TF.js compute backend. Order when 'auto':
 * tfjs-node (if the user installed it) -> native (our C++ addon) -> wasm-simd (the same kernels in
 * WebAssembly SIMD128, with worker threads) -> wasm (tfjs's XNNPACK + our gradient kernels) -> cpu.
 * The reason for the choice, and why each earlier candidate was passed over, is kept so
 * `aekit info` can explain it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { availableParallelism } from 'node:os';
import { applyCpuKernelFixes } from './shared/cpu-fixes.js';
import { heapPolicySetting } from './native/heap-policy.js';

// Before any engine starts: the native engine copies the cpu kernel table when it registers.
applyCpuKernelFixes();
// PROD silences tfjs's console advice to install tfjs-node (which cannot install offline; aekit
// picks the fastest engine itself and `aekit info` explains the choice).
tf.env().set('PROD', true);

export type BackendName = 'auto' | 'tensorflow' | 'native' | 'wasm-simd' | 'wasm' | 'cpu';
type ConcreteBackend = Exclude<BackendName, 'auto'>;

export interface BackendOptions {
  /** Default: env AEKIT_BACKEND, else 'auto'. */
  backend?: BackendName;
  /** Worker threads for backends that use them; default: env AEKIT_THREADS, else available cores. */
  threads?: number;
}

export interface BackendInfo {
  name: ConcreteBackend;
  reason: string;
  threads: number;
  /** The instruction set its kernels use ('avx512', 'simd128', ...), where known. */
  simd?: string;
  /** Whether the WebAssembly runtime has relaxed SIMD (wasm engines only). */
  relaxedSimd?: boolean;
  /** Backends tried before this one and why each was passed over. */
  skipped: { name: string; why: string }[];
}

const BACKEND_NAMES: readonly BackendName[] = ['auto', 'tensorflow', 'native', 'wasm-simd', 'wasm', 'cpu'];
const AUTO_ORDER: readonly ConcreteBackend[] = ['tensorflow', 'native', 'wasm-simd', 'wasm', 'cpu'];

/** What starting a backend reports: the threads it really uses and a short description. */
interface Started {
  threads: number;
  detail: string;
  simd?: string;
  relaxedSimd?: boolean;
}

/** Thrown by a starter when its backend cannot run here; the message is the reason. */
class Unavailable extends Error {}

// Module names held in variables so TypeScript does not demand them at build time: tfjs-node is
// optional for users, and the native engine is built separately and may be absent.
const TFJS_NODE_MODULE = '@tensorflow/tfjs-node';

/** Test seam: point the native candidate elsewhere (e.g. at a missing module) and clear state. */
export const selectionForTests = {
  nativeModule: './native/index.js',
  wasmSimdModule: './wasm/simd/node.js',
  reset(): void {
    current = undefined;
    warnedNativeMissing = false;
    warned.clear();
  },
};

interface NativeModule {
  registerNativeBackend(options?: { threads?: number }): { ok: true; threads: number; simd: string; heap: string } | { ok: false; why: string };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

async function activate(name: ConcreteBackend): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    throw new Unavailable(`initialising it failed: ${errorText(error)}`);
  }
  if (!ok) throw new Unavailable('initialising it failed (tf.setBackend returned false)');
  await tf.ready();
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
  if (!registered.ok) throw new Unavailable(registered.why);
  await activate('native');
  return { threads: registered.threads, simd: registered.simd,
    detail: `our C++ engine (${registered.simd}, ${registered.threads} threads; malloc: ${registered.heap})` };
}

async function startWasmSimd(threads: number): Promise<Started> {
  let engine: typeof import('./wasm/simd/node.js');
  try {
    engine = (await import(selectionForTests.wasmSimdModule)) as typeof import('./wasm/simd/node.js');
  } catch (error) {
    throw new Unavailable(`the WebAssembly SIMD engine failed to load (${errorText(error)})`);
  }
  let started: Awaited<ReturnType<typeof engine.startWasmSimdInNode>>;
  try {
    started = await engine.startWasmSimdInNode(threads);
  } catch (error) {
    throw new Unavailable(errorText(error));
  }
  await activate('wasm-simd');
  if (started.note) warnOnce('wasm-simd threads', `aekit: the WebAssembly SIMD engine runs ${started.threads} thread(s): ${started.note}\n`);
  const relaxed = started.relaxedSimd ? 'relaxed SIMD available (not used by this build)' : 'no relaxed SIMD';
  return { threads: started.threads, simd: started.simd, relaxedSimd: started.relaxedSimd,
    detail: `aekit's kernels in WebAssembly (${started.simd}, ${relaxed}, ${started.threads} thread(s)${started.note ? `: ${started.note}` : ''})` };
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

async function startCpu(): Promise<Started> {
  await activate('cpu');
  return { threads: 1, detail: 'reference JavaScript backend (slowest)' };
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

export function parseBackendName(value: string, source: string): BackendName {
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`${source}: unknown backend '${value}'; expected one of ${BACKEND_NAMES.join(', ')}`);
}

export function parseThreads(value: string | number, source: string): number {
  const threads = typeof value === 'number' ? value : Number(value.trim());
  if (!Number.isInteger(threads) || threads < 1) {
    throw new Error(`${source}: expected a whole number of threads >= 1, got '${value}'`);
  }
  return threads;
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

let warnedNativeMissing = false;
/** One line each, once per process: why a faster engine or more threads were not to be had. */
const warned = new Set<string>();

function warnOnce(key: string, line: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  process.stderr.write(line);
}

function warnNativeFallback(why: string, chosen: string): void {
  if (warnedNativeMissing) return;
  warnedNativeMissing = true;
  process.stderr.write(`aekit: native backend unavailable (${why}); falling back to ${chosen}\n`);
}

function features(started: Started): Pick<BackendInfo, 'simd' | 'relaxedSimd'> {
  return {
    ...(started.simd !== undefined ? { simd: started.simd } : {}),
    ...(started.relaxedSimd !== undefined ? { relaxedSimd: started.relaxedSimd } : {}),
  };
}

async function chooseAuto(threads: number): Promise<BackendInfo> {
  const skipped: BackendInfo['skipped'] = [];
  for (const name of AUTO_ORDER) {
    try {
      const started = await start(name, threads);
      const passedOver = skipped.length === 0 ? '' : ` (${skipped.map((s) => s.name).join(', ')} unavailable)`;
      const nativeSkip = skipped.find((s) => s.name === 'native');
      if (nativeSkip) warnNativeFallback(nativeSkip.why, name);
      const simdSkip = skipped.find((s) => s.name === 'wasm-simd');
      if (simdSkip) warnOnce('wasm-simd', `aekit: WebAssembly SIMD engine unavailable (${simdSkip.why}); using ${name}\n`);
      return { name, threads: started.threads, skipped, reason: `auto: fastest available${passedOver}: ${started.detail}`, ...features(started) };
    } catch (error) {
      if (!(error instanceof Unavailable)) throw error;
      skipped.push({ name, why: error.message });
    }
  }
  throw new Error(`no backend could start: ${skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}`);
}

async function availableOthers(exclude: ConcreteBackend, threads: number, previous: string): Promise<string[]> {
  const available: string[] = [];
  for (const name of AUTO_ORDER) {
    if (name === exclude) continue;
    try {
      await start(name, threads);
      available.push(name);
    } catch (error) {
      if (!(error instanceof Unavailable)) throw error;
    }
  }
  // Probing switched backends; leave the one that was active before the failed request.
  if (tf.findBackendFactory(previous)) await tf.setBackend(previous);
  return available;
}

async function chooseExplicit(name: ConcreteBackend, threads: number, source: string): Promise<BackendInfo> {
  const previous = tf.getBackend();
  try {
    const started = await start(name, threads);
    return { name, threads: started.threads, skipped: [], reason: `requested by ${source}: ${started.detail}`, ...features(started) };
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    const available = await availableOthers(name, threads, previous);
    throw new Error(
      `backend '${name}' (requested by ${source}) is not available: ${error.message}. ` +
        `Available backends: ${available.join(', ') || 'none'}`,
    );
  }
}

let current: BackendInfo | undefined;
/** Serialises initialisation so concurrent callers share one start instead of racing. */
let queue: Promise<unknown> = Promise.resolve();

export function backendInfo(): BackendInfo | undefined {
  return current;
}

/**
 * Starts the requested backend (or the best available for 'auto') and makes it tfjs's active
 * backend. Idempotent: a repeat call for 'auto' or for the active backend returns the same info.
 */
export function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const run = async (): Promise<BackendInfo> => {
    const wanted = wantedBackend(options);
    if (current && (wanted === 'auto' || wanted === current.name) && tf.getBackend() === current.name) return current;
    const threads = wantedThreads(options);
    const source = options.backend !== undefined ? 'the backend option' : 'AEKIT_BACKEND';
    current = wanted === 'auto' ? await chooseAuto(threads) : await chooseExplicit(wanted, threads, source);
    return current;
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
