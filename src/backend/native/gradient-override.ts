/**
 * Swapping a tfjs gradient for a faster one on one backend only. tfjs keeps one gradient per
 * kernel name for all backends, so the replacement checks the active backend on every call and
 * hands anything it does not take to tfjs's own gradient, unchanged.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers' bundle registers tfjs's gradients when it loads; loading it first means ours
// replace them, instead of being replaced by them if layers loaded later.
import '@tensorflow/tfjs-layers';

type GradFunc = tf.GradConfig['gradFunc'];

/** The backends each replaced gradient serves (the native engine and the WebAssembly one share the kernels). */
const overridden = new Map<string, Set<string>>();

/**
 * While `backendName` is active, kernelName's gradient is `fast` (returning null declines, e.g.
 * for a dtype it does not handle); on every other backend it is tfjs's. A second backend named
 * for the same kernel shares the first one's `fast` (both run the same kernel glue).
 */
export function overrideGradientOn(backendName: string, kernelName: string,
  fast: (dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap) => ReturnType<GradFunc> | null): void {
  const backends = overridden.get(kernelName);
  if (backends) {
    backends.add(backendName);
    return;
  }
  const stock = tf.getGradient(kernelName);
  if (!stock) return;  // no gradient registered to replace
  const on = new Set([backendName]);
  overridden.set(kernelName, on);
  tf.unregisterGradient(kernelName);
  tf.registerGradient({
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      if (!on.has(tf.getBackend()) || Array.isArray(dy) || dy.dtype !== 'float32') return stock.gradFunc(dy, saved, attrs);
      return fast(dy, saved, attrs) ?? stock.gradFunc(dy, saved, attrs);
    },
  });
}
