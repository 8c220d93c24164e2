/** Float32 element-wise kernels: unary maps and broadcasting binary operations. */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { floats, output, withFallback, type KernelArgs } from '../backend.js';

/** Kernel name -> op code of native/elementwise.h UnaryOp, and the attr holding its parameter. */
const UNARY: [string, number, string?][] = [
  [tf.Neg, 0], [tf.Square, 1], [tf.Sqrt, 2], [tf.Rsqrt, 3], [tf.Exp, 4], [tf.Log, 5], [tf.Abs, 6],
  [tf.Relu, 7], [tf.Relu6, 8], [tf.Sigmoid, 9], [tf.Tanh, 10], [tf.Reciprocal, 11],
  [tf.Step, 12, 'alpha'], [tf.LeakyRelu, 13, 'alpha'], [tf.Elu, 14],
];

/** Kernel name -> op code of native/elementwise.h BinaryOp, with the names of its two inputs. */
const BINARY: [string, number, string, string][] = [
  [tf.Add, 0, 'a', 'b'], [tf.Sub, 1, 'a', 'b'], [tf.Multiply, 2, 'a', 'b'], [tf.RealDiv, 3, 'a', 'b'],
  [tf.Maximum, 4, 'a', 'b'], [tf.Minimum, 5, 'a', 'b'], [tf.SquaredDifference, 6, 'a', 'b'],
  [tf.Prelu, 7, 'x', 'alpha'],
];

function unary(addon: NativeAddon, op: number, paramName: string | undefined, args: KernelArgs): tf.TensorInfo | null {
  const { x } = args.inputs;
  const xv = floats(args.backend, x);
  if (!xv) return null;
  const y = args.backend.allocate(xv.length);
  const param = paramName ? Number(args.attrs?.[paramName] ?? 0) : 0;
  addon.unary(op, xv, y, param);
  return output(args.backend, x.shape, y);
}

export function leftPad(shape: number[], rank: number): number[] {
  return [...new Array<number>(rank - shape.length).fill(1), ...shape];
}

function binary(addon: NativeAddon, op: number, aName: string, bName: string, args: KernelArgs): tf.TensorInfo | null {
  const a = args.inputs[aName], b = args.inputs[bName];
  const av = floats(args.backend, a), bv = floats(args.backend, b);
  if (!av || !bv) return null;
  const outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const rank = Math.max(outShape.length, 1);
  const y = args.backend.allocate(outShape.reduce((p, d) => p * d, 1));
  addon.binary(op, av, leftPad(a.shape, rank), bv, leftPad(b.shape, rank), y, leftPad(outShape, rank));
  return output(args.backend, outShape, y);
}

export function elementwiseKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [
    ...UNARY.map(([name, op, param]) => ({
      kernelName: name,
      backendName: 'native',
      kernelFunc: withFallback(name, (args) => unary(addon, op, param, args)) as tf.KernelFunc,
    })),
    ...BINARY.map(([name, op, aName, bName]) => ({
      kernelName: name,
      backendName: 'native',
      kernelFunc: withFallback(name, (args) => binary(addon, op, aName, bName, args)) as tf.KernelFunc,
    })),
  ];
}
