/**
 * What this JavaScript runtime's WebAssembly can do, probed with tiny modules (no download):
 * SIMD128, relaxed SIMD, and threads (shared memory; in a browser also cross-origin isolation).
 * Environment-neutral: the same code runs in Node, in a page and in a worker.
 */

/** () -> v128 { i8x16.popcnt(i8x16.splat(0)) }: valid only where SIMD128 is. */
const SIMD_PROBE: Uint8Array<ArrayBuffer> = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
/** () -> v128 { i8x16.relaxed_swizzle(splat(1), splat(2)) }: valid only where relaxed SIMD is. */
const RELAXED_SIMD_PROBE: Uint8Array<ArrayBuffer> = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11]);

export interface WasmFeatures {
  simd: boolean;
  relaxedSimd: boolean;
  threads: boolean;
  /** Why the engine runs on one thread, when threads is false. */
  whyNoThreads?: string;
  /** Why the engine cannot run at all, when simd is false. */
  whyNoSimd?: string;
}

function validates(bytes: Uint8Array<ArrayBuffer>): boolean {
  try {
    return WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

function threadSupport(): string | undefined {
  if (typeof SharedArrayBuffer !== 'function') {
    return 'SharedArrayBuffer is not available (in a browser: the page is not cross-origin isolated, COOP same-origin + COEP require-corp)';
  }
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false) return 'the page is not cross-origin isolated (COOP same-origin + COEP require-corp)';
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    if (!(memory.buffer instanceof SharedArrayBuffer)) return 'WebAssembly shared memory is not backed by a SharedArrayBuffer';
  } catch (error) {
    return `WebAssembly shared memory is not supported (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}

export function wasmFeatures(): WasmFeatures {
  if (typeof WebAssembly !== 'object') {
    return { simd: false, relaxedSimd: false, threads: false, whyNoSimd: 'this runtime has no WebAssembly' };
  }
  const simd = validates(SIMD_PROBE);
  const whyNoThreads = threadSupport();
  return {
    simd,
    relaxedSimd: simd && validates(RELAXED_SIMD_PROBE),
    threads: whyNoThreads === undefined,
    ...(whyNoThreads ? { whyNoThreads } : {}),
    ...(simd ? {} : { whyNoSimd: "this runtime's WebAssembly has no SIMD128" }),
  };
}
