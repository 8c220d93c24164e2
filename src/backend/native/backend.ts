/**
 * The 'native' backend: the tfjs cpu backend's storage (plain TypedArrays, so no copies) with
 * its hot kernels replaced by C++ ones. Kernels fall back to the cpu implementation for inputs
 * the addon does not handle (other dtypes, layouts or broadcasts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon-api.js';

/** Bytes of released output arrays kept for reuse (training reuses the same shapes each step). */
const POOL_LIMIT_BYTES = 512 * 1024 * 1024;
/** Smaller arrays live on V8's heap, where allocation is cheap. */
const POOL_MIN_LENGTH = 1024;

/**
 * Output arrays of native kernels are recycled when their tensor is disposed: a training step
 * otherwise allocates (and the GC later frees) hundreds of megabytes. An array is reusable only
 * while nobody else can hold it: it is dropped from `owned` as soon as it is read out
 * (dataSync/data) or handed to a non-native kernel (which may keep a view, e.g. Slice's
 * subarray).
 */
export class NativeBackend extends MathBackendCPU {
  private readonly owned = new WeakSet<Float32Array>();
  private readonly free = new Map<number, Float32Array[]>();
  private freeBytes = 0;

  constructor(private readonly addon?: NativeAddon) {
    super();
  }

  /** Adam's fused in-place step; src/optimizers/adam.ts uses it on backends that have one. */
  adamUpdate(w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array,
    stepSize: number, beta1: number, beta2: number, epsilon: number): void {
    if (!this.addon) throw new Error('aekit native: adamUpdate needs the addon');
    this.addon.adamUpdate(w, m, v, g, stepSize, beta1, beta2, epsilon);
  }

  /** An uninitialised Float32Array for a kernel that writes all of it. */
  allocate(n: number): Float32Array {
    if (n < POOL_MIN_LENGTH) return new Float32Array(n);
    const reused = this.free.get(n)?.pop();
    if (reused) {
      this.freeBytes -= reused.byteLength;
      this.owned.add(reused);
      return reused;
    }
    // Buffer.allocUnsafe gives arrays of 4 KiB or more their own, unfilled ArrayBuffer (Node
    // only: the WebAssembly engine runs this backend in browsers too).
    const bytes = typeof Buffer === 'function' ? Buffer.allocUnsafe(n * 4) : undefined;
    const array = bytes ? new Float32Array(bytes.buffer, bytes.byteOffset, n) : new Float32Array(n);
    this.owned.add(array);
    return array;
  }

  /** The tensor's array may now be referenced from outside: never recycle it. */
  escape(t: tf.TensorInfo | undefined): void {
    if (!t || !this.data.has(t.dataId)) return;
    const values = this.data.get(t.dataId).values;
    if (values instanceof Float32Array) this.owned.delete(values);
  }

  override readSync(dataId: tf.DataId): tf.backend_util.BackendValues {
    if (this.data.has(dataId)) {
      const values = this.data.get(dataId).values;
      if (values instanceof Float32Array) this.owned.delete(values);
    }
    return super.readSync(dataId);
  }

  /** Copies the values into dest from offset, the array staying ours (see ../read-values.ts). */
  copyInto(dataId: tf.DataId, dest: Float32Array, offset: number): boolean {
    if (!this.data.has(dataId)) return false;
    const values = this.data.get(dataId).values;
    if (!(values instanceof Float32Array)) return false;
    dest.set(values, offset);
    return true;
  }

  override async read(dataId: tf.DataId): Promise<tf.backend_util.BackendValues> {
    return this.readSync(dataId);
  }

  override disposeData(dataId: tf.DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (released && values instanceof Float32Array && !this.data.has(dataId) && this.owned.has(values)) {
      this.owned.delete(values);
      if (this.freeBytes + values.byteLength <= POOL_LIMIT_BYTES) {
        const list = this.free.get(values.length) ?? [];
        list.push(values);
        this.free.set(values.length, list);
        this.freeBytes += values.byteLength;
      }
    }
    return released;
  }

  /** Drops the recycled arrays (e.g. after training, to give the memory back). */
  releasePool(): void {
    this.free.clear();
    this.freeBytes = 0;
  }
}

// Inputs typed as present: each kernel knows its required inputs; optional ones are checked.
export type KernelArgs = { inputs: Record<string, tf.TensorInfo>; backend: NativeBackend; attrs?: tf.NamedAttrMap };
export type KernelImpl = (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[];

/** The Float32Array behind a float32 tensor, or null when the addon cannot read it directly. */
export function floats(backend: NativeBackend, t: tf.TensorInfo | undefined): Float32Array | null {
  if (!t || t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : null;
}

/** The array behind a named float32 input of one of aekit's own kernels (no cpu kernel to fall back on). */
export function floatInput(kernel: string, backend: NativeBackend, inputs: Record<string, tf.TensorInfo>, name: string): Float32Array {
  const values = floats(backend, inputs[name]);
  if (!values) throw new Error(`${kernel}: input '${name}' must be a float32 tensor, found ${inputs[name]?.dtype ?? 'nothing'}`);
  return values;
}

/** The float32 values of an input; a copy when another kernel left them in a non-float array. */
export function floatsOrCopy(backend: NativeBackend, t: tf.TensorInfo): Float32Array {
  return floats(backend, t) ?? Float32Array.from(backend.data.get(t.dataId).values as ArrayLike<number>);
}

/**
 * A kernel of one of aekit's own fused element-wise ops (no cpu twin to fall back on): the named
 * inputs, all of one shape, are read in place (or copied when a cpu kernel left one in another
 * array type) and `compute` writes the one output, of that shape.
 */
export function sameShapeKernel(kernelName: string, inputNames: string[],
  compute: (inputs: Float32Array[], out: Float32Array, attrs: tf.NamedAttrMap, args: KernelArgs) => void): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo => {
    const tensors = inputNames.map((name) => args.inputs[name]!);
    const shape = tensors[0]!.shape;
    if (tensors.some((t) => !tf.util.arraysEqual(t.shape, shape))) {
      throw new Error(`${kernelName}: inputs ${inputNames.join(', ')} must have one shape, found ${tensors.map((t) => `[${t.shape.join(', ')}]`).join(', ')}`);
    }
    const out = args.backend.allocate(sizeOf(shape));
    compute(tensors.map((t) => floatsOrCopy(args.backend, t)), out, args.attrs ?? {}, args);
    return output(args.backend, shape, out);
  };
  return nativeKernelConfig(kernelName, kernelFunc);
}

/** A kernel of the native backend, registered under `kernelName`. */
export function nativeKernelConfig(kernelName: string, kernelFunc: KernelImpl): tf.KernelConfig {
  // Cast: tfjs types kernelFunc over its base KernelBackend; ours read the native backend that registered them.
  return { kernelName, backendName: 'native', kernelFunc: kernelFunc as unknown as tf.KernelFunc };
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
  const slow = asNativeKernel(cpu.kernelFunc);
  return (args) => fast(args) ?? slow(args);
}

/** Kernels that only add a reference to their input's data (no view of the array). */
const REFERENCE_ONLY = new Set<string>([tf.Reshape, tf.Identity]);

/**
 * A cpu kernel run on the native backend: its inputs' arrays escape (see NativeBackend),
 * since cpu kernels may return views of them.
 */
export function asNativeKernel(cpuKernel: tf.KernelFunc, kernelName = ''): KernelImpl {
  // Cast: a reference-only cpu kernel never views its inputs' arrays, so it runs unchanged on the native backend.
  if (REFERENCE_ONLY.has(kernelName)) return cpuKernel as unknown as KernelImpl;
  return (args) => {
    for (const t of Object.values(args.inputs)) args.backend.escape(t);
    return cpuKernel(args as Parameters<tf.KernelFunc>[0]);
  };
}
