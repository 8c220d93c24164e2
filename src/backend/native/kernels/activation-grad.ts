/**
 * Activation gradients as single kernels. tfjs differentiates ReLU as dy * step(x), sigmoid as
 * dy * (y * (1 - y)) and LeakyReLU as where(x > 0, dy, alpha * dy): two or three full-size kernels, each a pass over memory and a dispatch,
 * behind every activation layer. The native backend registers one kernel for each, and
 * `useFusedActivationGradients` makes the gradients call them while the native backend is active
 * (every other backend keeps tfjs's own gradient, unchanged).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon.js';
import { floats, output, withFallback, type KernelArgs } from '../backend.js';
import { overrideGradientOn } from '../gradient-override.js';
import { binaryKernel } from './elementwise.js';

interface FusedGradient {
  /** The forward kernel whose gradient is replaced. */
  forward: string;
  /** Our kernel: inputs dy and the saved tensor, attr alpha (LeakyReLU's slope). */
  kernel: string;
  /** The native computation; null when the inputs are not float32 arrays. */
  run: (addon: NativeAddon, args: KernelArgs) => tf.TensorInfo | null;
  /** The cpu reference, in tfjs's order of operations (the fallback for non-float inputs). */
  reference: (dy: number, saved: number, alpha: number) => number;
}

/** Op codes of native/elementwise.h BinaryOp. */
const binaryOp = (op: number) => (addon: NativeAddon, args: KernelArgs) => binaryKernel(addon, op, 'dy', 'saved', args);

function leakyReluGrad(addon: NativeAddon, args: KernelArgs): tf.TensorInfo | null {
  const dy = floats(args.backend, args.inputs.dy), x = floats(args.backend, args.inputs.saved);
  if (!dy || !x || dy.length !== x.length) return null;
  const dx = args.backend.allocate(dy.length);
  addon.leakyReluGrad(dy, x, dx, Number(args.attrs?.alpha));
  return output(args.backend, args.inputs.dy.shape, dx);
}

const FUSED: FusedGradient[] = [
  { forward: tf.Relu, kernel: 'AekitReluGrad', run: binaryOp(8), reference: (dy, x) => dy * (x > 0 ? 1 : Number.isNaN(x) ? x : 0) },
  { forward: tf.Sigmoid, kernel: 'AekitSigmoidGrad', run: binaryOp(9), reference: (dy, y) => dy * (y * (1 - y)) },
  { forward: tf.Tanh, kernel: 'AekitTanhGrad', run: binaryOp(10), reference: (dy, y) => (1 - y * y) * dy },
  { forward: tf.LeakyRelu, kernel: 'AekitLeakyReluGrad', run: leakyReluGrad, reference: (dy, x, alpha) => (x > 0 ? dy : dy * alpha) },
];

let cpuRegistered = false;

/** Plain-JS cpu kernels of the fused gradients: what withFallback falls back on. */
function registerCpuReferences(): void {
  if (cpuRegistered) return;
  cpuRegistered = true;
  for (const { kernel, reference } of FUSED) {
    tf.registerKernel({
      kernelName: kernel,
      backendName: 'cpu',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const cpu = backend as unknown as { readSync(id: tf.DataId): tf.TypedArray; makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo };
        const { dy, saved } = inputs as { dy: tf.TensorInfo; saved: tf.TensorInfo };
        const g = cpu.readSync(dy.dataId), s = cpu.readSync(saved.dataId);
        const out = new Float32Array(g.length);
        const alpha = Number(attrs?.['alpha'] ?? 0);
        for (let i = 0; i < out.length; i++) out[i] = reference(g[i]!, s[i]!, alpha);
        return cpu.makeTensorInfo(dy.shape, 'float32', out);
      },
    });
  }
}

export function activationGradKernels(addon: NativeAddon): tf.KernelConfig[] {
  registerCpuReferences();
  return FUSED.map(({ kernel, run }) => ({
    kernelName: kernel,
    backendName: 'native',
    kernelFunc: withFallback(kernel, (args) => run(addon, args)) as tf.KernelFunc,
  }));
}

let installed = false;

/**
 * Replaces the registered gradients of ReLU, sigmoid, tanh and LeakyReLU by ones that run our
 * single kernel while `backendName` is active (tfjs's own gradient elsewhere).
 */
export function useFusedActivationGradients(backendName: string): void {
  if (installed) return;
  installed = true;
  for (const { forward, kernel } of FUSED) {
    overrideGradientOn(backendName, forward, (dy, saved, attrs) => {
      const input = saved[0]!;
      const alpha = Number(attrs?.['alpha'] ?? 0);
      return { x: () => tf.engine().runKernel(kernel, { dy, saved: input }, { alpha }) as tf.Tensor };
    });
  }
}
