/**
 * Instantiates native/wasm/out/*.wasm without emscripten's JavaScript glue: the few imports the
 * kernels can reach are written here, and any other import the C library links in but the
 * kernels never call (canvas, pthread_create...) throws if it ever is. Environment-neutral.
 */

/** The exports of native/wasm/api.cc and thread_pool_wasm.cc, plus emscripten's thread set-up. */
export interface KernelExports {
  memory?: WebAssembly.Memory;
  __wasm_call_ctors(): void;
  aekit_malloc(bytes: number): number;
  aekit_free(pointer: number): void;
  aekit_set_threads(n: number): void;
  aekit_threads(): number;
  aekit_set_workers(n: number): void;
  aekit_worker_loop(index: number): void;
  aekit_matmul(a: number, b: number, c: number, batch: number, m: number, n: number, k: number, ta: number, tb: number,
    sa: number, sb: number, bias: number, act: number, alpha: number, prelu: number): void;
  aekit_conv2d(x: number, w: number, y: number, shape: number, bias: number, act: number, alpha: number, prelu: number): void;
  aekit_conv2d_backprop_input(dy: number, w: number, dx: number, shape: number): void;
  aekit_conv2d_backprop_filter(x: number, dy: number, dw: number, shape: number): void;
  aekit_max_pool(x: number, y: number, shape: number): void;
  aekit_max_pool_grad(x: number, dy: number, dx: number, shape: number): void;
  aekit_resize_nearest(x: number, y: number, shape: number): void;
  aekit_resize_nearest_grad(dy: number, dx: number, shape: number): void;
  aekit_unary(op: number, x: number, y: number, n: number, param: number): void;
  aekit_binary(op: number, a: number, aShape: number, b: number, bShape: number, y: number, yShape: number, rank: number): void;
  aekit_compare(op: number, a: number, aShape: number, b: number, bShape: number, y: number, yShape: number, rank: number): void;
  aekit_reduce(op: number, x: number, y: number, outer: number, reduceSize: number, inner: number): void;
  aekit_slice(x: number, xShape: number, begin: number, size: number, y: number, rank: number): void;
  aekit_pad(x: number, xShape: number, before: number, after: number, value: number, y: number, rank: number): void;
  aekit_select(condition: number, t: number, e: number, y: number, n: number): void;
  aekit_affine_columns(x: number, scale: number, shift: number, y: number, rows: number, columns: number): void;
  aekit_tile(x: number, xShape: number, reps: number, y: number, rank: number): void;
  aekit_bce(t: number, p: number, y: number, n: number, eps: number): void;
  aekit_bce_grad(dy: number, t: number, p: number, dp: number, n: number, eps: number): void;
  aekit_leaky_relu_grad(dy: number, x: number, dx: number, n: number, alpha: number): void;
  aekit_squared_difference_grad(dy: number, a: number, b: number, da: number, n: number): void;
  aekit_squared_difference_sum(a: number, b: number, n: number): number;
  aekit_scaled_difference(a: number, b: number, y: number, n: number, scale: number): void;
  aekit_batch_norm_training(x: number, gamma: number, beta: number, y: number, mean: number, variance: number,
    rows: number, channels: number, epsilon: number): void;
  aekit_batch_norm_training_grad(dy: number, x: number, mean: number, variance: number, gamma: number, dmean: number,
    dvariance: number, dx: number, dgamma: number, dbeta: number, rows: number, channels: number, epsilon: number): void;
  aekit_adam_update(w: number, m: number, v: number, g: number, n: number, stepSize: number, beta1: number, beta2: number,
    epsilon: number): void;
  aekit_dense_bias_activation(x: number, w: number, bias: number, y: number, rows: number, inputs: number, units: number,
    act: number, alpha: number): void;
  aekit_conv2d_bias_activation(x: number, w: number, bias: number, y: number, shape: number, act: number, alpha: number): void;
  aekit_bias_activation_grad(dy: number, y: number, dz: number, db: number, rows: number, columns: number, act: number,
    alpha: number): void;
  // Threaded build only.
  _emscripten_thread_init?(thread: number, isMain: number, isRuntime: number, canBlock: number, profile: number): void;
  emscripten_tls_init?(): number;
  emscripten_stack_set_limits?(base: number, end: number): void;
  stackRestore?(pointer: number): void;
}

export type Role = { kind: 'main'; isBrowserMainThread: boolean } | { kind: 'worker' };

const PAGE = 65536;

/** The module's memory: imported (threaded build: created by the caller, shared) or its own. */
export function memoryOf(instance: WebAssembly.Instance, imported?: WebAssembly.Memory): WebAssembly.Memory {
  const own = instance.exports['memory'];
  if (own instanceof WebAssembly.Memory) return own;
  if (imported) return imported;
  throw new Error('aekit wasm: the module neither exports nor imports a memory');
}

/**
 * Instantiates the kernels. `memory` is given for the threaded build (every worker gets the
 * same one); the single-threaded build makes its own.
 */
export async function instantiateKernels(module: WebAssembly.Module, role: Role, memory?: WebAssembly.Memory): Promise<{ exports: KernelExports; memory: WebAssembly.Memory }> {
  let exportsRef: KernelExports | undefined;
  let memoryRef = memory;
  const env: Record<string, WebAssembly.ImportValue> = {
    abort: () => { throw new Error('aekit wasm: abort() in the kernels'); },
    __cxa_allocate_exception: () => { throw new Error('aekit wasm: a C++ exception in the kernels (out of memory?)'); },
    __cxa_throw: () => { throw new Error('aekit wasm: a C++ exception in the kernels (out of memory?)'); },
    emscripten_get_now: () => performance.now(),
    emscripten_check_blocking_allowed: () => undefined,
    emscripten_memcpy_big: (dest: number, src: number, n: number) => {
      const bytes = new Uint8Array(memoryRef!.buffer);
      bytes.copyWithin(dest, src, src + n);
    },
    // Grows by at least a quarter, so a growing heap is not grown (and remapped) on every call.
    emscripten_resize_heap: (requested: number) => {
      const m = memoryRef!;
      const old = m.buffer.byteLength;
      const wanted = Math.min(4 * 1024 ** 3 - PAGE, Math.max(requested >>> 0, old + Math.floor(old / 4)));
      const pages = Math.ceil((wanted - old) / PAGE);
      try {
        m.grow(pages);
        return 1;
      } catch {
        try {
          m.grow(Math.ceil(((requested >>> 0) - old) / PAGE));
          return 1;
        } catch {
          return 0;
        }
      }
    },
    // The main thread's pthread record: emscripten's runtime would make this call; so do we.
    __emscripten_init_main_thread_js: (thread: number) => {
      const e = exportsRef!;
      const browserMain = role.kind === 'main' && role.isBrowserMainThread ? 1 : 0;
      e._emscripten_thread_init!(thread, browserMain, 1, browserMain ? 0 : 1, 0);
      e.emscripten_tls_init!();
    },
  };
  if (memory) env['memory'] = memory;
  // Every other import is part of the C library that the kernels never reach.
  for (const entry of WebAssembly.Module.imports(module)) {
    if (entry.kind === 'function' && !(entry.name in env)) {
      env[entry.name] = () => { throw new Error(`aekit wasm: unexpected call to ${entry.name}`); };
    }
  }
  const instance = await WebAssembly.instantiate(module, { env });
  // Cast: WebAssembly types exports as a loose record; these are the functions native/wasm/api.cc exports.
  exportsRef = instance.exports as unknown as KernelExports;
  memoryRef = memoryOf(instance, memory);
  if (role.kind === 'main') exportsRef.__wasm_call_ctors();
  return { exports: exportsRef, memory: memoryRef };
}
