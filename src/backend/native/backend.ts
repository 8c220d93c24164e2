/**
 * The 'native' backend: the tfjs cpu backend's storage (plain TypedArrays, so no copies) with
 * its hot kernels replaced by C++ ones. Kernels fall back to the cpu implementation for inputs
 * the addon does not handle (other dtypes, layouts or broadcasts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

export class NativeBackend extends MathBackendCPU {}

// Inputs typed as present: each kernel knows its required inputs; optional ones are checked.
export type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: NativeBackend; attrs?: tf.NamedAttrMap };
export type KernelImpl = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

/** The Float32Array behind a float32 tensor, or null when the addon cannot read it directly. */
export function floats(backend: NativeBackend, t: tf.TensorInfo | undefined): Float32Array | null {
  if (!t || t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : null;
}

/**
 * A Float32Array for a kernel's output. Every native kernel writes all of its output, so large
 * arrays skip the zero fill of `new Float32Array` (Buffer.allocUnsafe gives each array of 4 KiB
 * or more its own, uninitialised ArrayBuffer).
 */
export function allocate(n: number): Float32Array {
  if (n < 1024) return new Float32Array(n);
  const bytes = Buffer.allocUnsafe(n * 4);
  return new Float32Array(bytes.buffer, bytes.byteOffset, n);
}

export function output(backend: NativeBackend, shape: number[], values: Float32Array): tf.TensorInfo {
  return backend.makeTensorInfo(shape, 'float32', values);
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Wraps a native fast path: when it returns null the cpu kernel of the same name runs instead.
 */
export function withFallback(kernelName: string, fast: (args: KernelArgs) => tf.TensorInfo | null): KernelImpl {
  const cpu = tf.getKernel(kernelName, 'cpu');
  if (!cpu) throw new Error(`aekit native: the cpu backend has no kernel '${kernelName}' to fall back on`);
  return (args) => fast(args) ?? cpu.kernelFunc(args as Parameters<tf.KernelFunc>[0]);
}
