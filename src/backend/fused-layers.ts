/**
 * Dense and 2-D convolution layers as one kernel forward: y = act(x·W + b) or
 * act(conv2d(x, W) + b). tfjs-layers composes them from a product, a bias add and an activation
 * (and their gradients from ~10 more kernels, reshapes and identities). Backends that register the
 * kernels below (the native engine does) run them fused; `hasFusedLayers` tells whether the
 * current one does.
 *
 * Backward, the activation's derivative and the bias gradient take one kernel (dz = dy * act'(y)
 * and the column sums of dz), computed once per layer; dx and dW are then one product each,
 * and tfjs asks only for those on the way to a trainable variable: the first layer's dx (the
 * gradient with respect to the data) is never computed.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Activations whose derivative follows from the layer's output alone. */
export const FUSED_ACTIVATIONS = ['linear', 'relu', 'leakyRelu', 'sigmoid', 'tanh', 'elu'] as const;
export type FusedActivation = typeof FUSED_ACTIVATIONS[number];

/** Inputs {x [rows, in], kernel [in, units], bias? [units]}, attrs {activation, alpha}: y [rows, units]. */
export const DENSE_BIAS_ACTIVATION = 'AekitDenseBiasActivation';
/** Inputs {x (NHWC), filter (HWIO), bias? [outC]}, attrs {strides, pad, dilations, activation, alpha}: y (NHWC). */
export const CONV2D_BIAS_ACTIVATION = 'AekitConv2DBiasActivation';
/** Inputs {dy, y} of one shape, attrs {activation, alpha}: [dz = dy * act'(y), db = sums of dz over all but the last axis]. */
export const BIAS_ACTIVATION_GRAD = 'AekitBiasActivationGrad';
/** Input {dy}: the sums of dy over all but the last axis (the bias gradient of a linear layer). */
export const BIAS_GRAD = 'AekitBiasGrad';

const KERNELS = [DENSE_BIAS_ACTIVATION, CONV2D_BIAS_ACTIVATION, BIAS_ACTIVATION_GRAD, BIAS_GRAD];

/** True when `backend` (default: the current one) has every fused layer kernel. */
export function hasFusedLayers(backend: string = tf.getBackend()): boolean {
  return KERNELS.every((name) => tf.getKernel(name, backend) !== undefined);
}

export interface ActivationOptions {
  activation: FusedActivation;
  /** LeakyReLU's slope for negative inputs; must be >= 0 (so that y > 0 exactly where x·W + b > 0). */
  alpha?: number;
}

export interface Conv2DOptions {
  strides: number | [number, number];
  padding: 'same' | 'valid';
  dilation?: number | [number, number];
}

function check(op: string, condition: boolean, message: () => string): void {
  if (!condition) throw new Error(`${op}: ${message()}`);
}

function shapeOf(t: tf.Tensor): string {
  return `${t.dtype} of shape [${t.shape.join(', ')}]`;
}

function checkCommon(op: string, kernelName: string, x: tf.Tensor, weights: tf.Tensor, bias: tf.Tensor | null,
  units: number, { activation, alpha = 0 }: ActivationOptions): void {
  const backend = tf.getBackend();
  check(op, hasFusedLayers(backend), () => `backend '${backend}' has no '${kernelName}' kernel; `
    + 'check hasFusedLayers() and compose the layer from tfjs ops otherwise');
  check(op, FUSED_ACTIVATIONS.includes(activation), () => `activation must be one of ${FUSED_ACTIVATIONS.join(', ')}, found '${activation}'`);
  check(op, alpha >= 0, () => `alpha must be a number >= 0, found ${alpha}`);
  for (const [name, t] of [['x', x], ['weights', weights]] as const) {
    check(op, t.dtype === 'float32', () => `${name} must be float32, found ${shapeOf(t)}`);
  }
  if (bias) {
    check(op, bias.dtype === 'float32' && bias.rank === 1 && bias.size === units,
      () => `bias must be float32 of shape [${units}], found ${shapeOf(bias)}`);
  }
}

/** The inputs of a fused kernel, without the bias when there is none. */
function kernelInputs(x: tf.Tensor, weightsName: string, weights: tf.Tensor, bias: tf.Tensor | null): tf.NamedTensorMap {
  return bias ? { x, [weightsName]: weights, bias } : { x, [weightsName]: weights };
}

/**
 * act(x·kernel + bias) for x of rank >= 2 (the product over its last axis, as tfjs-layers'
 * Dense), kernel [in, units], bias [units] or null. Needs a backend with the fused kernels.
 */
export function denseBiasActivation(x: tf.Tensor, kernel: tf.Tensor2D, bias: tf.Tensor1D | null, options: ActivationOptions): tf.Tensor {
  const op = 'denseBiasActivation';
  const units = kernel.shape[1];
  checkCommon(op, DENSE_BIAS_ACTIVATION, x, kernel, bias, units, options);
  check(op, kernel.rank === 2, () => `kernel must be of rank 2, found ${shapeOf(kernel)}`);
  check(op, x.rank >= 2 && x.shape[x.rank - 1] === kernel.shape[0],
    () => `x must be of rank >= 2 with last dim ${kernel.shape[0]} (kernel's rows), found ${shapeOf(x)}`);
  const attrs = { activation: options.activation, alpha: options.alpha ?? 0 };
  if (x.rank === 2) return tf.engine().runKernel(DENSE_BIAS_ACTIVATION, kernelInputs(x, 'kernel', kernel, bias), attrs) as tf.Tensor;
  return tf.tidy(() => {
    const rows = tf.reshape(x, [-1, kernel.shape[0]]);
    const y = tf.engine().runKernel(DENSE_BIAS_ACTIVATION, kernelInputs(rows, 'kernel', kernel, bias), attrs) as tf.Tensor;
    return tf.reshape(y, [...x.shape.slice(0, -1), units]);
  });
}

/**
 * act(conv2d(x, filter) + bias) for NHWC x [batch, h, w, inC], HWIO filter, bias [outC] or null.
 * Gradients need dilation 1 (as tfjs's own conv2d gradient). Needs a backend with the fused kernels.
 */
export function conv2dBiasActivation(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | null,
  conv: Conv2DOptions, options: ActivationOptions): tf.Tensor4D {
  const op = 'conv2dBiasActivation';
  checkCommon(op, CONV2D_BIAS_ACTIVATION, x, filter, bias, filter.shape[3], options);
  check(op, x.rank === 4 && filter.rank === 4 && x.shape[3] === filter.shape[2],
    () => `x must be NHWC and filter HWIO with x's channels = filter's dim 2, found x ${shapeOf(x)} and filter ${shapeOf(filter)}`);
  check(op, conv.padding === 'same' || conv.padding === 'valid', () => `padding must be 'same' or 'valid', found '${conv.padding}'`);
  const attrs = {
    strides: conv.strides, pad: conv.padding, dilations: conv.dilation ?? 1,
    activation: options.activation, alpha: options.alpha ?? 0,
  };
  return tf.engine().runKernel(CONV2D_BIAS_ACTIVATION, kernelInputs(x, 'filter', filter, bias), attrs) as tf.Tensor4D;
}

/**
 * dz = dy * act'(y) and the bias gradient, one kernel for both. For linear, dz is dy itself and
 * the bias gradient a kernel of its own, run only when the bias is asked for.
 */
function biasActivationGrad(dy: tf.Tensor, y: tf.Tensor, attrs: tf.NamedAttrMap): { dz: tf.Tensor; db: () => tf.Tensor } {
  if (attrs['activation'] === 'linear') return { dz: dy, db: () => tf.engine().runKernel(BIAS_GRAD, { dy }) as tf.Tensor };
  const [dz, db] = tf.engine().runKernel(BIAS_ACTIVATION_GRAD, { dy, y },
    { activation: attrs['activation'] as string, alpha: attrs['alpha'] as number }) as tf.Tensor[];
  return { dz: dz!, db: () => db! };
}

// dz is computed here, once, not inside the lazy functions: tfjs runs each of those in its own
// tidy (a tensor shared between them would be disposed after the first), and every one of them
// needs dz anyway. It is freed with the other intermediates at the end of the backward pass.
tf.registerGradient({
  kernelName: DENSE_BIAS_ACTIVATION,
  inputsToSave: ['x', 'kernel'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, kernel, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
    const { dz, db } = biasActivationGrad(dy as tf.Tensor, y, attrs);
    return {
      x: () => tf.matMul(dz as tf.Tensor2D, kernel, false, true),
      kernel: () => tf.matMul(x, dz as tf.Tensor2D, true, false),
      bias: db,
    };
  },
});

tf.registerGradient({
  kernelName: CONV2D_BIAS_ACTIVATION,
  inputsToSave: ['x', 'filter'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    // Cast: tfjs hands every kernel its attrs as a NamedAttrMap; these are this kernel's (tfjs's own kernels cast alike).
    const { strides, pad, dilations } = attrs as unknown as { strides: number | [number, number]; pad: 'same' | 'valid'; dilations: number | [number, number] };
    if (!tf.backend_util.tupleValuesAreOne(dilations)) {
      throw new Error(`conv2dBiasActivation: gradients need dilation 1 (as tfjs's conv2d), found dilations ${String(dilations)}`);
    }
    const { dz, db } = biasActivationGrad(dy as tf.Tensor, y, attrs);
    const conv = { strides, pad, dataFormat: 'NHWC' };
    return {
      x: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy: dz, filter }, { ...conv, inputShape: x.shape }) as tf.Tensor,
      filter: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy: dz }, { ...conv, filterShape: filter.shape }) as tf.Tensor,
      bias: db,
    };
  },
});
