/**
 * Chooses and initialises the TF.js compute backend. Order when 'auto':
 * tfjs-node (if the user installed it) -> native (our C++ addon) -> wasm (+ our gradient kernels) -> cpu.
 * The reason for the choice is kept so `aekit info` can explain it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

export type BackendName = 'auto' | 'tensorflow' | 'native' | 'wasm' | 'cpu';

export interface BackendOptions {
  backend?: BackendName;
  /** Worker threads for backends that use them; default: available cores. */
  threads?: number;
}

export interface BackendInfo {
  name: Exclude<BackendName, 'auto'>;
  reason: string;
  threads: number;
  /** Backends tried before this one and why each was passed over. */
  skipped: { name: string; why: string }[];
}

let current: BackendInfo | undefined;

export function backendInfo(): BackendInfo | undefined {
  return current;
}

export async function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  const wanted = options.backend ?? 'auto';
  if (current && (wanted === 'auto' || wanted === current.name)) return current;
  // Placeholder until the native/wasm engines land: the tfjs cpu backend always works.
  await tf.setBackend('cpu');
  await tf.ready();
  current = { name: 'cpu', reason: 'reference JavaScript backend', threads: 1, skipped: [] };
  return current;
}
