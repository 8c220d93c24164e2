/**
 * Registers aekit's C++ engine as the TF.js backend 'native'. Every cpu kernel is copied over
 * and the hot ones (GEMM, convolutions, pooling, element-wise, reductions, slice/pad) are replaced by the
 * addon's. Its priority is below every other backend so it is only used when selected
 * explicitly (tf.setBackend('native')).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadAddon, type NativeAddon } from './addon.js';
import { asNativeKernel, NativeBackend } from './backend.js';
import { applyHeapPolicy, type HeapPolicy } from './heap-policy.js';
import { activationGradKernels, useFusedActivationGradients } from './kernels/activation-grad.js';
import { binaryCrossEntropyKernels } from './kernels/binary-cross-entropy.js';
import { lossGradKernels, useFusedLossGradients } from './kernels/loss-grad.js';
import { meanSquaredErrorKernels } from './kernels/mean-squared-error.js';
import { batchNormTrainingKernels } from './kernels/batch-norm-training.js';
import { convKernels } from './kernels/conv.js';
import { copyKernels } from './kernels/copy.js';
import { elementwiseKernels } from './kernels/elementwise.js';
import { fusedLayerKernels } from './kernels/fused-layers.js';
import { gaussianCodeKernels } from './kernels/gaussian-code.js';
import { logicKernels } from './kernels/logic.js';
import { matMulKernels } from './kernels/matmul.js';
import { poolKernels } from './kernels/pool.js';
import { reduceKernels } from './kernels/reduce.js';

export const NATIVE_BACKEND = 'native';

export type NativeRegistration = { ok: true; threads: number; simd: string; heap: HeapPolicy } | { ok: false; why: string };

let registered: { addon: NativeAddon; heap: HeapPolicy } | undefined;

/** The kernels the addon implements (used by tests and the kernel benchmark). */
export function nativeKernelConfigs(addon: NativeAddon): tf.KernelConfig[] {
  return [
    ...matMulKernels(addon),
    ...convKernels(addon),
    ...poolKernels(addon),
    ...elementwiseKernels(addon),
    ...reduceKernels(addon),
    ...copyKernels(addon),
    ...logicKernels(addon),
    ...activationGradKernels(addon),
    ...batchNormTrainingKernels(addon),
    ...binaryCrossEntropyKernels(addon),
    ...lossGradKernels(addon),
    ...meanSquaredErrorKernels(addon),
    ...fusedLayerKernels(addon),
    ...gaussianCodeKernels(),
  ];
}

export function registerNativeBackend(options: { threads?: number } = {}): NativeRegistration {
  const loaded = loadAddon();
  if ('why' in loaded) return { ok: false, why: loaded.why };
  const { addon } = loaded;
  if (options.threads !== undefined) setNativeThreads(options.threads);
  if (!registered) {
    const heap = applyHeapPolicy(addon);
    tf.registerBackend(NATIVE_BACKEND, () => new NativeBackend(addon), -1);
    for (const config of tf.getKernelsForBackend('cpu')) {
      const kernelFunc = asNativeKernel(config.kernelFunc, config.kernelName) as tf.KernelFunc;
      tf.registerKernel({ ...config, kernelFunc, backendName: NATIVE_BACKEND });
    }
    for (const config of nativeKernelConfigs(addon)) {
      // Kernels of aekit's own ops (no cpu twin) are new names, not replacements.
      if (tf.getKernel(config.kernelName, NATIVE_BACKEND)) tf.unregisterKernel(config.kernelName, NATIVE_BACKEND);
      tf.registerKernel(config);
    }
    useFusedActivationGradients(NATIVE_BACKEND);
    useFusedLossGradients(NATIVE_BACKEND);
    registered = { addon, heap };
  }
  const info = addon.info();
  return { ok: true, threads: info.threads, simd: info.isa, heap: registered.heap };
}

/** Threads for native kernels (the calling thread included); default: available cores. */
export function setNativeThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`setNativeThreads: expected a positive integer thread count, found ${n}`);
  }
  const loaded = loadAddon();
  if ('addon' in loaded) loaded.addon.setThreads(n);
}
