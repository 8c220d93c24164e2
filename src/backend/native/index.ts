/**
 * Registers aekit's C++ engine as the TF.js backend 'native'. Every cpu kernel is copied over
 * and the hot ones (GEMM, convolutions, pooling, element-wise, reductions, slice/pad) are replaced by the
 * addon's. Its priority is below every other backend so it is only used when selected
 * explicitly (tf.setBackend('native')).
 */
import '@tensorflow/tfjs-backend-cpu';
import { loadAddon, type NativeAddon } from './addon.js';
import { applyHeapPolicy, type HeapPolicy } from './heap-policy.js';
import { registerAddonBackend } from './register.js';

export { nativeKernelConfigs, registerAddonBackend } from './register.js';

export const NATIVE_BACKEND = 'native';

/** `file`: the addon loaded (a prebuild or a local build); `fix`: how to get the engine when it is missing. */
export type NativeRegistration =
  | { ok: true; threads: number; simd: string; heap: HeapPolicy; file?: string }
  | { ok: false; why: string; fix?: string };

let registered: { addon: NativeAddon; heap: HeapPolicy } | undefined;

export function registerNativeBackend(options: { threads?: number } = {}): NativeRegistration {
  const loaded = loadAddon();
  if ('why' in loaded) return { ok: false, why: loaded.why, fix: loaded.fix };
  const { addon, file } = loaded;
  if (options.threads !== undefined) setNativeThreads(options.threads);
  if (!registered) {
    const heap = applyHeapPolicy(addon);
    registerAddonBackend(NATIVE_BACKEND, addon, -1);
    registered = { addon, heap };
  }
  const info = addon.info();
  return { ok: true, threads: info.threads, simd: info.isa, heap: registered.heap, file };
}

/** Threads for native kernels (the calling thread included); default: available cores. */
export function setNativeThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`setNativeThreads: expected a positive integer thread count, found ${n}`);
  }
  const loaded = loadAddon();
  if ('addon' in loaded) loaded.addon.setThreads(n);
}
