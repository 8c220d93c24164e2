/**
 * Starts the WebAssembly kernels: the threaded build with a pool of workers over one shared
 * memory when the runtime allows it, else the single-threaded build, and says why; each in its
 * relaxed-SIMD variant where the runtime validates relaxed SIMD, the plain SIMD128 one otherwise
 * (or when the relaxed one fails to compile). The
 * environment (how to fetch a .wasm, how to start a worker) comes from load-node.ts or
 * load-browser.ts; everything here runs anywhere.
 */
import type { WasmFeatures } from './features.js';
import { instantiateKernels, type KernelExports } from './instance.js';

export type KernelBuild = 'aekit-simd-mt.wasm' | 'aekit-simd.wasm' | 'aekit-simd-relaxed-mt.wasm' | 'aekit-simd-relaxed.wasm';

/** What a worker needs to join the pool (structured-cloned to it). */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** 1-based helper index (the calling thread is 0). */
  index: number;
  /** Its stack, [stackEnd, stackBase) in the shared memory, growing down from stackBase. */
  stackBase: number;
  stackEnd: number;
  /** A zeroed block standing in for emscripten's pthread record. */
  thread: number;
}

export interface WorkerHandle {
  terminate(): void;
}

/** How this environment compiles a build and starts a worker (resolves once it is in the pool). */
export interface KernelHost {
  compile(build: KernelBuild): Promise<WebAssembly.Module>;
  spawn(init: WorkerInit): Promise<WorkerHandle>;
  isBrowserMainThread: boolean;
}

export interface StartedKernels {
  exports: KernelExports;
  memory: WebAssembly.Memory;
  build: KernelBuild;
  threads: number;
  /** The running build uses relaxed SIMD (f32x4.relaxed_madd in the GEMM and convolution tiles). */
  relaxedSimd: boolean;
  /** Why fewer threads run than were asked for (no shared memory, a worker failed). */
  whyFewerThreads?: string;
  /** Why the plain build runs although the runtime has relaxed SIMD (its build failed to compile). */
  whyNotRelaxed?: string;
}

const WORKER_STACK_BYTES = 1024 * 1024;
/** Larger than emscripten 3.1.6's struct pthread; only the fields its libc reads are ever set. */
const THREAD_RECORD_BYTES = 1024;
/** Pages of the threaded build's initial memory (32 MiB, scripts/build-wasm.mjs) and maximum (4 GiB). */
const INITIAL_PAGES = 512;
const MAXIMUM_PAGES = 65536;

async function startWorkers(host: KernelHost, module: WebAssembly.Module, memory: WebAssembly.Memory,
  exports: KernelExports, count: number): Promise<{ handles: WorkerHandle[]; why?: string }> {
  const started = await Promise.allSettled(Array.from({ length: count }, (_, i) => {
    const stackEnd = exports.aekit_malloc(WORKER_STACK_BYTES);
    const thread = exports.aekit_malloc(THREAD_RECORD_BYTES);
    if (stackEnd === 0 || thread === 0) return Promise.reject(new Error('out of memory for a worker stack'));
    new Uint8Array(memory.buffer, thread, THREAD_RECORD_BYTES).fill(0);
    return host.spawn({ module, memory, index: i + 1, stackBase: stackEnd + WORKER_STACK_BYTES, stackEnd, thread });
  }));
  // Helper indices must be contiguous from 1: keep the workers up to the first failure.
  const handles: WorkerHandle[] = [];
  let why: string | undefined;
  for (const result of started) {
    if (result.status === 'fulfilled' && why === undefined) handles.push(result.value);
    else if (result.status === 'fulfilled') result.value.terminate();
    else why ??= `a worker failed to start: ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`;
  }
  return why === undefined ? { handles } : { handles, why };
}

interface CompiledBuild {
  module: WebAssembly.Module;
  build: KernelBuild;
  relaxedSimd: boolean;
  whyNotRelaxed?: string;
}

/** The relaxed-SIMD variant where the runtime has relaxed SIMD and compiles it, else the plain one. */
async function compileBuild(host: KernelHost, features: WasmFeatures, plain: KernelBuild, relaxed: KernelBuild): Promise<CompiledBuild> {
  let whyNotRelaxed: string | undefined;
  if (features.relaxedSimd) {
    try {
      return { module: await host.compile(relaxed), build: relaxed, relaxedSimd: true };
    } catch (error) {
      whyNotRelaxed = `${relaxed} did not compile (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  return { module: await host.compile(plain), build: plain, relaxedSimd: false, ...(whyNotRelaxed ? { whyNotRelaxed } : {}) };
}

/** Starts the kernels with up to `threads` threads. Throws when the runtime has no SIMD128. */
export async function startKernels(host: KernelHost, features: WasmFeatures, threads: number): Promise<StartedKernels> {
  if (!features.simd) throw new Error(features.whyNoSimd ?? 'no WebAssembly SIMD128');
  if (threads > 1 && features.threads) {
    const { module, ...build } = await compileBuild(host, features, 'aekit-simd-mt.wasm', 'aekit-simd-relaxed-mt.wasm');
    const shared = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
    const { exports, memory } = await instantiateKernels(module, { kind: 'main', isBrowserMainThread: host.isBrowserMainThread }, shared);
    const { handles, why } = await startWorkers(host, module, memory, exports, threads - 1);
    exports.aekit_set_workers(handles.length);
    exports.aekit_set_threads(handles.length + 1);
    return { exports, memory, ...build, threads: exports.aekit_threads(), ...(why ? { whyFewerThreads: why } : {}) };
  }
  const { module, ...build } = await compileBuild(host, features, 'aekit-simd.wasm', 'aekit-simd-relaxed.wasm');
  const { exports, memory } = await instantiateKernels(module, { kind: 'main', isBrowserMainThread: host.isBrowserMainThread });
  const whyFewerThreads = threads > 1 ? features.whyNoThreads : undefined;
  return { exports, memory, ...build, threads: 1, ...(whyFewerThreads ? { whyFewerThreads } : {}) };
}
