/**
 * Float32Arrays that live in the kernels' own memory, so a kernel reads and writes them in place
 * instead of copying them in and out. Only where that memory is shared (the threaded build): a
 * SharedArrayBuffer is never detached when the memory grows, so a view made before growing stays
 * valid (its buffer object is an older, shorter alias of the same memory). The single-threaded
 * build's memory is a plain ArrayBuffer, which growing detaches: there arrays stay in JavaScript
 * and calls copy them.
 */
import type { StartedKernels } from './engine.js';

export class WasmHeap {
  /** Every buffer object the memory has shown: views on any of them are views into it. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  /** The block behind each array this heap handed out. */
  private readonly blocks = new WeakMap<Float32Array, number>();
  /** Frees a block whose array was dropped without `free` (a kernel that threw, say). */
  private readonly collector = new FinalizationRegistry<number>((pointer) => this.kernels.exports.aekit_free(pointer));
  /** True when arrays can live in the kernels' memory (its buffer is shared). */
  readonly zeroCopy: boolean;

  constructor(private readonly kernels: StartedKernels) {
    this.zeroCopy = typeof SharedArrayBuffer === 'function' && kernels.memory.buffer instanceof SharedArrayBuffer;
  }

  /** The address of `array` in the kernels' memory, or undefined when it lives elsewhere. */
  pointer(array: ArrayBufferView): number | undefined {
    return this.zeroCopy && this.buffers.has(array.buffer) ? array.byteOffset : undefined;
  }

  /** An uninitialised array of n floats in the kernels' memory (needs `zeroCopy`). */
  alloc(n: number): Float32Array {
    if (!this.zeroCopy) throw new Error('aekit wasm: arrays in WebAssembly memory need the threaded build (shared memory)');
    const pointer = this.kernels.exports.aekit_malloc(Math.max(4, n * 4));
    if (pointer === 0) throw new Error(`aekit wasm: out of WebAssembly memory for ${n} floats`);
    // After malloc, which may have grown the memory: this buffer covers the new block.
    const buffer = this.kernels.memory.buffer;
    this.buffers.add(buffer);
    const array = new Float32Array(buffer, pointer, n);
    this.blocks.set(array, pointer);
    this.collector.register(array, pointer, array);
    return array;
  }

  /** The memory's current size in bytes (it grows, never shrinks). */
  memoryBytes(): number {
    return this.kernels.memory.buffer.byteLength;
  }

  /** True for an array `alloc` handed out and not yet freed. */
  owns(array: Float32Array): boolean {
    return this.blocks.has(array);
  }

  /** Gives an array from `alloc` back; nothing may use it afterwards. */
  free(array: Float32Array): void {
    const pointer = this.blocks.get(array);
    if (pointer === undefined) throw new Error('aekit wasm: free of an array this heap did not allocate');
    this.blocks.delete(array);
    this.collector.unregister(array);
    this.kernels.exports.aekit_free(pointer);
  }
}
