/**
 * Activation gradients as single kernels. tfjs differentiates ReLU as dy * step(x), sigmoid as
 * dy * (y * (1 - y)) and LeakyReLU as where(x > 0, dy, alpha * dy): two or three full-size
 * kernels, each a pass over memory and a dispatch, behind every activation layer. The native
 * backend registers one kernel for each, and `useFusedActivationGradients` makes the gradients
 * call them while the native backend is active (every other backend keeps tfjs's own gradient).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { sameShapeKernel } from '../backend.js';
import { overrideGradientOn } from '../gradient-override.js';

interface FusedGradient {
  /** The forward kernel whose gradient is replaced. */
  forward: string;
  /** Our kernel: inputs dy and the tensor the forward op saved, attr alpha (LeakyReLU's slope). */
  kernel: string;
  compute: (addon: NativeAddon, dy: Float32Array, saved: Float32Array, out: Float32Array, alpha: number) => void;
}

/** A same-shape op of native/elementwise.h BinaryOp (a = dy, b = saved). */
const binaryOp = (op: number): FusedGradient['compute'] => (addon, dy, saved, out) => {
  const shape = [dy.length];
  addon.binary(op, dy, shape, saved, shape, out, shape);
};

const FUSED: FusedGradient[] = [
  { forward: tf.Relu, kernel: 'AekitReluGrad', compute: binaryOp(8) },
  { forward: tf.Sigmoid, kernel: 'AekitSigmoidGrad', compute: binaryOp(9) },
  { forward: tf.Tanh, kernel: 'AekitTanhGrad', compute: binaryOp(10) },
  { forward: tf.LeakyRelu, kernel: 'AekitLeakyReluGrad', compute: (addon, dy, x, dx, alpha) => addon.leakyReluGrad(dy, x, dx, alpha) },
];

export function activationGradKernels(addon: NativeAddon): tf.KernelConfig[] {
  return FUSED.map(({ kernel, compute }) => sameShapeKernel(kernel, ['dy', 'saved'],
    ([dy, saved], out, attrs) => compute(addon, dy!, saved!, out, Number(attrs['alpha'] ?? 0))));
}

const installedOn = new Set<string>();

/**
 * Replaces the registered gradients of ReLU, sigmoid, tanh and LeakyReLU by ones that run our
 * single kernel while `backendName` is active (tfjs's own gradient elsewhere).
 */
export function useFusedActivationGradients(backendName: string): void {
  if (installedOn.has(backendName)) return;
  installedOn.add(backendName);
  for (const { forward, kernel } of FUSED) {
    overrideGradientOn(backendName, forward, (dy, saved, attrs) => {
      const input = saved[0]!;
      const alpha = Number(attrs?.['alpha'] ?? 0);
      return { x: () => tf.engine().runKernel(kernel, { dy, saved: input }, { alpha }) as tf.Tensor };
    });
  }
}
