/**
 * Adds to the wasm backend what training needs and it lacks: the conv filter gradient,
 * correct max-pool and upsampling gradients (wasm's are wrong on some shapes), and fast paths
 * for transposed matMuls and stride-1 conv input gradients. Runs once, before the backend is
 * initialised, so wasm's own setup functions (kept in the wrapped configs) still run.
 */
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { conv2DBackpropFilterConfig } from './kernels/conv2d-backprop-filter.js';
import { routeTransposesToFastPath } from './kernels/explicit-transpose-matmul.js';
import { wrapConv2DBackpropInput } from './kernels/conv2d-backprop-input.js';
import { maxPoolGradConfig } from './kernels/max-pool-grad.js';
import { resizeNearestNeighborGradConfig } from './kernels/resize-nearest-neighbor-grad.js';

let registered = false;

function replaceKernel(config: KernelConfig): void {
  if (getKernel(config.kernelName, config.backendName)) unregisterKernel(config.kernelName, config.backendName);
  registerKernel(config);
}

function wasmOriginal(name: string): KernelConfig {
  const original = getKernel(name, 'wasm');
  if (!original) throw new Error(`aekit wasm kernels: the wasm backend has no '${name}' kernel to build on`);
  return original;
}

export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  replaceKernel(conv2DBackpropFilterConfig);
  replaceKernel(maxPoolGradConfig);
  replaceKernel(resizeNearestNeighborGradConfig);
  replaceKernel(routeTransposesToFastPath(wasmOriginal('BatchMatMul')));
  replaceKernel(routeTransposesToFastPath(wasmOriginal('_FusedMatMul')));
  replaceKernel(wrapConv2DBackpropInput(wasmOriginal('Conv2DBackpropInput')));
}
