/**
 * The native engine's arrays come from V8, which takes them from malloc. With glibc's defaults a
 * tensor read back to JavaScript (so never recycled by the backend's pool) costs a fresh mmap
 * and a page fault per 4 KiB when it is next allocated: for a dense autoencoder's 128x784
 * reconstruction that was ~0.2 ms of a 0.6 ms batch. native/heap_policy.cc explains the fix;
 * AEKIT_MALLOC=system leaves glibc's defaults alone.
 */
import type { NativeAddon } from './addon.js';

export const HEAP_POLICY_ENV = 'AEKIT_MALLOC';
/** Where glibc's own dynamic threshold stops rising on 64-bit systems (DEFAULT_MMAP_THRESHOLD_MAX). */
const MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024;
/** glibc trims at twice the mmap threshold once it has adjusted it. */
const TRIM_THRESHOLD_BYTES = 2 * MMAP_THRESHOLD_BYTES;

export type HeapPolicy = 'large arrays kept on the heap' | `system default (${string})`;

/**
 * AEKIT_MALLOC's value, checked before the engine starts: a typo is an error, not a silent
 * fallback to another engine.
 */
export function heapPolicySetting(env: NodeJS.ProcessEnv = process.env): 'heap' | 'system' {
  const setting = env[HEAP_POLICY_ENV];
  if (setting === undefined || setting === 'heap' || setting === 'system') return setting ?? 'heap';
  throw new Error(`${HEAP_POLICY_ENV}: expected 'heap' (the default) or 'system', got '${setting}'`);
}

/** Applies the policy (the native engine does so once, when it registers); returns what is in force. */
export function applyHeapPolicy(addon: NativeAddon, env: NodeJS.ProcessEnv = process.env): HeapPolicy {
  if (heapPolicySetting(env) === 'system') return `system default (${HEAP_POLICY_ENV}=system)`;
  return addon.setHeapPolicy(MMAP_THRESHOLD_BYTES, TRIM_THRESHOLD_BYTES)
    ? 'large arrays kept on the heap'
    : 'system default (this C library has no such settings)';
}
