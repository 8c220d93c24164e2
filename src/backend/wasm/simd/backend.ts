/**
 * The wasm-simd backend when the kernels' memory is shared (the threaded build): every float32
 * tensor lives in that memory, so kernels take their inputs and write their outputs in place
 * (no copies), and Adam updates the weights where they are. Tensors made in JavaScript (a
 * variable's initial values, a cpu kernel's output) are copied in once, when they are written.
 *
 * Each array in the kernels' memory belongs to exactly one data id, or to the pool of spare
 * arrays: nothing outside a kernel call ever holds one, since reading a tensor out (dataSync,
 * data) gets a copy. So a disposed tensor's array can always be reused or freed, and the memory
 * stays bounded (WebAssembly memory grows but never shrinks; freed blocks are reused).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { NativeBackend } from '../../native/backend.js';
import type { WasmAddon } from './addon.js';
import type { WasmHeap } from './heap.js';

/** Bytes of disposed tensors' arrays kept for reuse: training reuses the same sizes each step. */
const SPARE_LIMIT_BYTES = 256 * 1024 * 1024;

export class WasmHeapBackend extends NativeBackend {
  private readonly heap: WasmHeap;
  /** Arrays of the kernels' memory that a data id holds (each by one id only). */
  private readonly held = new WeakSet<Float32Array>();
  private readonly spare = new Map<number, Float32Array[]>();
  private spareBytes = 0;

  constructor(addon: WasmAddon) {
    super(addon);
    this.heap = addon.heap;
  }

  /** An uninitialised array in the kernels' memory, for a kernel that writes all of it. */
  override allocate(n: number): Float32Array {
    const reused = this.spare.get(n)?.pop();
    if (reused) {
      this.spareBytes -= reused.byteLength;
      return reused;
    }
    return this.heap.alloc(n);
  }

  /** Keeps a fresh array from `allocate` as is; copies any other float32 array into the memory. */
  private adopt(values: tf.backend_util.BackendValues, dtype: tf.DataType): tf.backend_util.BackendValues {
    if (dtype !== 'float32' || !(values instanceof Float32Array)) return values;
    if (this.heap.owns(values) && !this.held.has(values)) {
      this.held.add(values);
      return values;
    }
    const copy = this.allocate(values.length);
    copy.set(values);
    this.held.add(copy);
    return copy;
  }

  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): tf.DataId {
    return super.write(this.adopt(values, dtype), shape, dtype);
  }

  override move(dataId: tf.DataId, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    super.move(dataId, this.adopt(values, dtype), shape, dtype, refCount);
  }

  /** A copy: the array in the kernels' memory is reused once its tensor is disposed. */
  override readSync(dataId: tf.DataId): tf.backend_util.BackendValues {
    const values = super.readSync(dataId);
    return values instanceof Float32Array && this.held.has(values) ? values.slice() : values;
  }

  override disposeData(dataId: tf.DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (released && values instanceof Float32Array && !this.data.has(dataId) && this.held.has(values)) {
      this.held.delete(values);
      this.giveBack(values);
    }
    return released;
  }

  private giveBack(array: Float32Array): void {
    if (this.spareBytes + array.byteLength > SPARE_LIMIT_BYTES) {
      this.heap.free(array);
      return;
    }
    const list = this.spare.get(array.length) ?? [];
    list.push(array);
    this.spare.set(array.length, list);
    this.spareBytes += array.byteLength;
  }

  /** Frees the spare arrays (e.g. after training); the memory's size stays, its blocks are reused. */
  override releasePool(): void {
    for (const list of this.spare.values()) for (const array of list) this.heap.free(array);
    this.spare.clear();
    this.spareBytes = 0;
    super.releasePool();
  }
}
