/**
 * Corrections registered over tfjs-backend-cpu kernels that compute wrong results in 4.22.
 * The native engine copies the cpu kernel table at registration, so it inherits these too
 * unless it has its own kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { scatterResizeGrad, type ResizeAttrs } from './resize-nearest-grad.js';

const resizeNearestNeighborGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const cpu = backend as MathBackendCPU;
  const images = inputs['images']!;
  const dy = inputs['dy']!;
  const [, inHeight, inWidth] = images.shape as [number, number, number, number];
  const dx = new Float32Array(images.shape.reduce((a, b) => a * b, 1));
  // Cast: tfjs hands every kernel its attrs as a NamedAttrMap; these are this kernel's (tfjs's own kernels cast alike).
  scatterResizeGrad(cpu.data.get(dy.dataId).values as Float32Array, dy.shape, inHeight, inWidth, attrs as unknown as ResizeAttrs, dx);
  return cpu.makeTensorInfo(images.shape, 'float32', dx);
};

let applied = false;

/** Replaces the faulty cpu kernels; idempotent. Call before the cpu (or native) backend runs. */
export function applyCpuKernelFixes(): void {
  if (applied) return;
  applied = true;
  tf.unregisterKernel(tf.ResizeNearestNeighborGrad, 'cpu');
  tf.registerKernel({ kernelName: tf.ResizeNearestNeighborGrad, backendName: 'cpu', kernelFunc: resizeNearestNeighborGrad });
}
