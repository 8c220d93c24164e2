/**
 * Registers a tfjs backend that runs the native engine's kernel glue (./kernels/*.ts) over any
 * `NativeAddon`: the C++ addon (./index.ts) or its WebAssembly build (../wasm/simd/).
 * Environment-neutral (no Node imports), so the WebAssembly engine can use it in a browser.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from './addon-api.js';
import { asNativeKernel, NativeBackend } from './backend.js';
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

/**
 * Registers a tfjs backend that runs the native kernel glue on `addon`: the C++ addon as
 * 'native', or the same kernels compiled to WebAssembly (../wasm/simd/) under their own name.
 * Every cpu kernel is copied over, then the addon's replace theirs. `makeBackend` gives a
 * NativeBackend with another storage (the WebAssembly engine's tensors in its own memory).
 */
export function registerAddonBackend(backendName: string, addon: NativeAddon, priority: number,
  makeBackend: () => NativeBackend = () => new NativeBackend(addon)): void {
  tf.registerBackend(backendName, makeBackend, priority);
  for (const config of tf.getKernelsForBackend('cpu')) {
    const kernelFunc = asNativeKernel(config.kernelFunc, config.kernelName) as tf.KernelFunc;
    tf.registerKernel({ ...config, kernelFunc, backendName });
  }
  for (const config of nativeKernelConfigs(addon)) {
    // Kernels of aekit's own ops (no cpu twin) are new names, not replacements.
    if (tf.getKernel(config.kernelName, backendName)) tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({ ...config, backendName });
  }
  useFusedActivationGradients(backendName);
  useFusedLossGradients(backendName);
}
