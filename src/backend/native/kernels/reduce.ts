/** Sum, Mean, Max and Min over a contiguous block of axes, without the cpu kernel's transpose. */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { floats, output, sizeOf, withFallback, type KernelArgs } from '../backend.js';

const REDUCE: [string, number][] = [[tf.Sum, 0], [tf.Max, 1], [tf.Min, 2], [tf.Mean, 3]];

/** [outer, reduced, inner] sizes when the axes are consecutive, else null. */
export function splitAxes(shape: number[], axes: number[]): [number, number, number] | null {
  const sorted = [...axes].sort((p, q) => p - q);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1] + 1) return null;
  if (sorted.length === 0) return [sizeOf(shape), 1, 1];
  const first = sorted[0], last = sorted[sorted.length - 1];
  return [sizeOf(shape.slice(0, first)), sizeOf(shape.slice(first, last + 1)), sizeOf(shape.slice(last + 1))];
}

function reduce(addon: NativeAddon, op: number, args: KernelArgs): tf.TensorInfo | null {
  const { x } = args.inputs;
  const xv = floats(args.backend, x);
  if (!xv) return null;
  // Max names its axes 'reductionIndices'; Sum, Mean and Min call them 'axis'.
  const axis = (args.attrs?.axis ?? args.attrs?.reductionIndices) as number | number[];
  const axes = tf.util.parseAxisParam(axis, x.shape);
  const split = splitAxes(x.shape, axes);
  if (!split || split[1] === 0) return null;
  const [outer, reduced, inner] = split;
  const y = args.backend.allocate(outer * inner);
  addon.reduce(op, xv, y, outer, reduced, inner);
  const keepDims = Boolean(args.attrs?.keepDims);
  const outShape = keepDims
    ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : x.shape.filter((_, i) => !axes.includes(i));
  return output(args.backend, outShape, y);
}

export function reduceKernels(addon: NativeAddon): tf.KernelConfig[] {
  return REDUCE.map(([name, op]) => ({
    kernelName: name,
    backendName: 'native',
    kernelFunc: withFallback(name, (args) => reduce(addon, op, args)) as tf.KernelFunc,
  }));
}
