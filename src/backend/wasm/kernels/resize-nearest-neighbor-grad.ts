/**
 * ResizeNearestNeighborGrad for the wasm backend (wasm's own is wrong for batch or channels > 1;
 * see ../../shared/resize-nearest-grad.ts).
 */
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { heapF32 } from './wasm-kernel-calls.js';
import { scatterResizeGrad, type ResizeAttrs } from '../../shared/resize-nearest-grad.js';

const resizeNearestNeighborGrad: KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = backend as BackendWasm;
  const images = inputs['images']!;
  const dy = inputs['dy']!;
  const [, inHeight, inWidth] = images.shape as [number, number, number, number];
  const dx = wasm.makeOutput([...images.shape], 'float32');
  // Cast: tfjs hands every kernel its attrs as a NamedAttrMap; these are this kernel's (tfjs's own kernels cast alike).
  scatterResizeGrad(heapF32(wasm, dy), dy.shape, inHeight, inWidth, attrs as unknown as ResizeAttrs, heapF32(wasm, dx));
  return dx;
};

export const resizeNearestNeighborGradConfig: KernelConfig = {
  kernelName: 'ResizeNearestNeighborGrad',
  backendName: 'wasm',
  kernelFunc: resizeNearestNeighborGrad,
};
