/** BatchMatMul and _FusedMatMul (bias + activation fused into the GEMM epilogue). */
import * as tf from '@tensorflow/tfjs-core';
import { ACTIVATION_CODES, type NativeAddon } from '../addon-api.js';
import { floats, output, sizeOf, withFallback, type KernelArgs, type NativeBackend } from '../backend.js';

/** A bias or prelu tensor usable as one value per output column, or null if it is not one. */
export function perColumn(backend: NativeBackend, t: tf.TensorInfo | undefined, columns: number): Float32Array | null {
  const values = floats(backend, t);
  if (!t || !values) return null;
  if (values.length === columns && t.shape[t.shape.length - 1] === columns) return values;
  if (values.length === 1) return new Float32Array(columns).fill(values[0]);
  return null;
}

interface Epilogue {
  bias: Float32Array | null;
  activation: number;
  alpha: number;
  prelu: Float32Array | null;
}

/** Reads the fused-op inputs/attrs; null when they are not expressible per column. */
export function readEpilogue(args: KernelArgs, columns: number): Epilogue | null {
  const { bias, preluActivationWeights } = args.inputs;
  const attrs = args.attrs ?? {};
  const activationName = (attrs.activation as string | undefined) ?? 'linear';
  const activation = ACTIVATION_CODES[activationName];
  if (activation === undefined) return null;
  const biasValues = bias ? perColumn(args.backend, bias, columns) : null;
  if (bias && !biasValues) return null;
  const prelu = activationName === 'prelu' ? perColumn(args.backend, preluActivationWeights, columns) : null;
  if (activationName === 'prelu' && !prelu) return null;
  return { bias: biasValues, activation, alpha: (attrs.leakyreluAlpha as number | undefined) ?? 0.2, prelu };
}

function matMul(addon: NativeAddon, args: KernelArgs, epilogue: Epilogue | null): tf.TensorInfo | null {
  const { a, b } = args.inputs;
  const transposeA = Boolean(args.attrs?.transposeA);
  const transposeB = Boolean(args.attrs?.transposeB);
  const av = floats(args.backend, a);
  const bv = floats(args.backend, b);
  if (!av || !bv || a.shape.length < 2 || b.shape.length < 2) return null;
  const ra = a.shape.length, rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (k !== kb) return null;  // let the cpu kernel raise its own error message
  const outerA = a.shape.slice(0, -2), outerB = b.shape.slice(0, -2);
  const batchA = sizeOf(outerA), batchB = sizeOf(outerB);
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return null;
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const batch = Math.max(batchA, batchB);
  const ep = epilogue ?? { bias: null, activation: 0, alpha: 0, prelu: null };
  const out = args.backend.allocate(batch * m * n);
  addon.matmul(av, bv, out, batch, m, n, k, transposeA, transposeB,
    batchA === 1 ? 0 : m * k, batchB === 1 ? 0 : k * n, ep.bias, ep.activation, ep.alpha, ep.prelu);
  return output(args.backend, [...outer, m, n], out);
}

export function matMulKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    {
      kernelName: tf.BatchMatMul,
      backendName: 'native',
      kernelFunc: withFallback(tf.BatchMatMul, (args) => matMul(addon, args, null)) as tf.KernelFunc,
    },
    {
      kernelName: tf._FusedMatMul,
      backendName: 'native',
      kernelFunc: withFallback(tf._FusedMatMul, (args) => {
        const { a, b } = args.inputs;
        const n = args.attrs?.transposeB ? b.shape[b.shape.length - 2] : b.shape[b.shape.length - 1];
        const ep = readEpilogue(args, n);
        return ep && a ? matMul(addon, args, ep) : null;
      }) as tf.KernelFunc,
    },
  ];
}
