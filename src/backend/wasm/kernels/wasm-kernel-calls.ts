/**
 * Helpers for kernels written in JS over the wasm backend: call an existing wasm kernel directly
 * (no engine round trip, no tape entry) and reach a tensor's bytes inside the wasm heap.
 */
import { getKernel, type KernelFunc, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** The kernel function the wasm backend registered for `kernelName` (throws if there is none). */
export function wasmKernelFunc(kernelName: string): KernelFunc {
  const config = getKernel(kernelName, 'wasm');
  if (!config) throw new Error(`aekit wasm kernels: the wasm backend has no '${kernelName}' kernel to build on`);
  return config.kernelFunc;
}

export function runWasmKernel(
  kernelName: string,
  backend: BackendWasm,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const out = wasmKernelFunc(kernelName)({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`aekit wasm kernels: '${kernelName}' returned several tensors; expected one`);
  return out;
}

/** Same data, new shape (the wasm backend shares the buffer and counts the reference). */
export function reshapeInfo(backend: BackendWasm, x: TensorInfo, shape: number[]): TensorInfo {
  return runWasmKernel('Reshape', backend, { x }, { shape });
}

/**
 * A float32 view of a tensor inside the wasm heap. Views die when the heap grows, so take them
 * only after every output of the kernel has been allocated.
 */
export function heapF32(backend: BackendWasm, info: TensorInfo): Float32Array {
  if (info.dtype !== 'float32') throw new Error(`aekit wasm kernels: expected a float32 tensor, got ${info.dtype}`);
  return backend.typedArrayFromHeap(info) as Float32Array;
}

export function disposeAll(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
