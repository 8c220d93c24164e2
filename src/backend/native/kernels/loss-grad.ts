/**
 * The gradients behind a loss's reductions, fused. tfjs differentiates squaredDifference(a, b)
 * as dy * (2 * (a - b)) (three full-size kernels), mean(x) as (dy * ones(x.shape)) / n and
 * sum(x) as dy * ones(x.shape) (a fill in JavaScript and a broadcasting product: ~0.4 ms for
 * the VAE's per-image sums over a 128x784 batch): passes over the batch for what is one product
 * and one broadcast. While the native backend is active they run as one kernel and one tile;
 * elsewhere tfjs's own.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../addon-api.js';
import { sameShapeKernel } from '../backend.js';
import { overrideGradientOn } from '../gradient-override.js';

/** Inputs {dy, a, b} of one shape: dy * (2 * (a - b)), the gradient with respect to a. */
export const SQUARED_DIFFERENCE_GRAD = 'AekitSquaredDifferenceGrad';

export function lossGradKernels(addon: NativeAddon): tf.KernelConfig[] {
  return [sameShapeKernel(SQUARED_DIFFERENCE_GRAD, ['dy', 'a', 'b'], ([dy, a, b], da) => addon.squaredDifferenceGrad(dy!, a!, b!, da))];
}

const installedOn = new Set<string>();

export function useFusedLossGradients(backendName: string): void {
  if (installedOn.has(backendName)) return;
  installedOn.add(backendName);
  overrideGradientOn(backendName, tf.SquaredDifference, (dy, saved) => {
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    // Broadcasting operands need tfjs's reduction of the gradient back to their shapes.
    if (!tf.util.arraysEqual(a.shape, b.shape) || !tf.util.arraysEqual(dy.shape, a.shape)) return null;
    const grad = (x: tf.Tensor, y: tf.Tensor) => () => tf.engine().runKernel(SQUARED_DIFFERENCE_GRAD, { dy, a: x, b: y }) as tf.Tensor;
    return { a: grad(a, b), b: grad(b, a) };
  });
  // (dy / n) spread over the reduced axes: the same values as tfjs's (dy * 1) / n.
  overrideGradientOn(backendName, tf.Mean, (dy, saved, attrs) => reductionGradient(dy, saved, attrs, true));
  // dy spread over the reduced axes: the same values as tfjs's dy * 1.
  overrideGradientOn(backendName, tf.Sum, (dy, saved, attrs) => reductionGradient(dy, saved, attrs, false));
}

/** The gradient of a sum or mean over `attrs.axis`: dy (divided by the count for a mean) tiled back to x's shape. */
function reductionGradient(dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap, mean: boolean): { x: () => tf.Tensor } {
  const [x] = saved as [tf.Tensor];
  const axes = tf.util.parseAxisParam(attrs['axis'] as number | number[], x.shape);
  const count = axes.reduce((n, axis) => n * x.shape[axis]!, 1);
  const kept = x.shape.map((d, axis) => (axes.includes(axis) ? 1 : d));
  return { x: () => tf.broadcastTo(tf.reshape(mean ? tf.div(dy, count) : dy, kept), x.shape) };
}
