/** Comparisons (bool outputs), LogicalAnd, Select, ClipByValue, Tile and batch normalisation: the
 * ops tfjs autodiff emits for LeakyReLU, clipping (a BCE loss) and BatchNormalization gradients. */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { floats, output, sizeOf, withFallback, type KernelArgs } from '../backend.js';
import { leftPad } from './elementwise.js';

const COMPARE: [string, number][] = [
  [tf.Greater, 0], [tf.GreaterEqual, 1], [tf.Less, 2], [tf.LessEqual, 3], [tf.Equal, 4], [tf.NotEqual, 5],
];

function compare(addon: NativeAddon, op: number, args: KernelArgs): tf.TensorInfo | null {
  const { a, b } = args.inputs;
  const av = floats(args.backend, a), bv = floats(args.backend, b);
  if (!av || !bv) return null;
  const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const rank = Math.max(outShape.length, 1);
  const y = new Uint8Array(sizeOf(outShape));
  addon.compare(op, av, leftPad(a.shape, rank), bv, leftPad(b.shape, rank), y, leftPad(outShape, rank));
  return args.backend.makeTensorInfo(outShape, 'bool', y);
}

/** Per-channel [scale, shift] of y = (x - mean) * scale / sqrt(variance + eps) + offset. */
function batchNormAffine(args: KernelArgs, channels: number): [Float32Array, Float32Array] | null {
  const { mean, variance, scale, offset } = args.inputs;
  const read = (t: tf.TensorInfo | undefined, fallback: number): ((c: number) => number) | null => {
    if (!t) return () => fallback;
    const v = floats(args.backend, t);
    // The cpu kernel cycles through each parameter; that is per channel only for these lengths.
    if (!v || (v.length !== channels && v.length !== 1)) return null;
    return v.length === 1 ? () => v[0] : (c) => v[c];
  };
  const m = read(mean, 0), va = read(variance, 1), s = read(scale, 1), o = read(offset, 0);
  if (!mean || !variance || !m || !va || !s || !o) return null;
  const eps = (args.attrs?.varianceEpsilon as number | undefined) ?? 0.001;
  const mul = new Float32Array(channels), add = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    mul[c] = s(c) / Math.sqrt(va(c) + eps);
    add[c] = o(c) - m(c) * mul[c];
  }
  return [mul, add];
}

/**
 * Cast to float32 of a bool or int32 tensor: the cpu kernel shares the input's Uint8Array or
 * Int32Array under a float32 dtype, which every native kernel after it would have to hand to the
 * slow JavaScript fallback (a CD-1 step's sampled hidden units spent 98% of its time there).
 * Copying into a Float32Array once keeps those consumers native.
 */
function castToFloat(args: KernelArgs): tf.TensorInfo | null {
  const { x } = args.inputs;
  if (args.attrs?.dtype !== 'float32' || !x || (x.dtype !== 'bool' && x.dtype !== 'int32')) return null;
  const values = args.backend.data.get(x.dataId).values;
  if (!(values instanceof Uint8Array || values instanceof Int32Array)) return null;
  const y = args.backend.allocate(values.length);
  y.set(values);
  return output(args.backend, x.shape, y);
}

export function logicKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    {
      kernelName: tf.Cast,
      backendName: 'native',
      kernelFunc: withFallback(tf.Cast, castToFloat) as tf.KernelFunc,
    },
    ...COMPARE.map(([name, op]) => ({
      kernelName: name,
      backendName: 'native',
      kernelFunc: withFallback(name, (args) => compare(addon, op, args)) as tf.KernelFunc,
    })),
    {
      kernelName: tf.Select,
      backendName: 'native',
      kernelFunc: withFallback(tf.Select, (args) => {
        const { condition, t, e } = args.inputs;
        const cv = args.backend.data.get(condition.dataId).values;
        const tv = floats(args.backend, t), ev = floats(args.backend, e);
        if (!(cv instanceof Uint8Array) || !tv || !ev || cv.length !== tv.length || ev.length !== tv.length) return null;
        const y = args.backend.allocate(tv.length);
        addon.select(cv, tv, ev, y);
        return output(args.backend, t.shape, y);
      }) as tf.KernelFunc,
    },
    {
      // Same-shape inputs only: a plain loop instead of the cpu kernel's per-element broadcast indexing.
      kernelName: tf.LogicalAnd,
      backendName: 'native',
      kernelFunc: withFallback(tf.LogicalAnd, (args) => {
        const { a, b } = args.inputs;
        const av = args.backend.data.get(a.dataId).values, bv = args.backend.data.get(b.dataId).values;
        if (!(av instanceof Uint8Array) || !(bv instanceof Uint8Array) || av.length !== bv.length ||
          !tf.util.arraysEqual(a.shape, b.shape)) return null;
        const y = new Uint8Array(av.length);
        for (let i = 0; i < y.length; i++) y[i] = av[i]! & bv[i]!;
        return args.backend.makeTensorInfo(a.shape, 'bool', y);
      }) as tf.KernelFunc,
    },
    {
      kernelName: tf.ClipByValue,
      backendName: 'native',
      kernelFunc: withFallback(tf.ClipByValue, (args) => {
        const { x } = args.inputs;
        const xv = floats(args.backend, x);
        if (!xv) return null;
        const min = Number(args.attrs?.clipValueMin), max = Number(args.attrs?.clipValueMax);
        const y = args.backend.allocate(xv.length);
        // The cpu kernel's comparisons, in its order (NaN passes through).
        for (let i = 0; i < y.length; i++) {
          const v = xv[i]!;
          y[i] = v > max ? max : v < min ? min : v;
        }
        return output(args.backend, x.shape, y);
      }) as tf.KernelFunc,
    },
    {
      kernelName: tf.Tile,
      backendName: 'native',
      kernelFunc: withFallback(tf.Tile, (args) => {
        const { x } = args.inputs;
        const xv = floats(args.backend, x);
        const reps = args.attrs?.reps as number[];
        if (!xv || x.shape.length === 0 || reps.length !== x.shape.length) return null;
        const outShape = x.shape.map((d, i) => d * reps[i]);
        const y = args.backend.allocate(sizeOf(outShape));
        addon.tile(xv, x.shape, reps, y);
        return output(args.backend, outShape, y);
      }) as tf.KernelFunc,
    },
    {
      kernelName: tf.FusedBatchNorm,
      backendName: 'native',
      kernelFunc: withFallback(tf.FusedBatchNorm, (args) => {
        const { x } = args.inputs;
        const xv = floats(args.backend, x);
        if (!xv || x.shape.length === 0) return null;
        const channels = x.shape[x.shape.length - 1];
        const affine = batchNormAffine(args, channels);
        if (!affine) return null;
        const y = args.backend.allocate(xv.length);
        addon.affineColumns(xv, affine[0], affine[1], y, channels);
        return output(args.backend, x.shape, y);
      }) as tf.KernelFunc,
    },
  ];
}
