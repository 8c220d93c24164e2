/**
 * What aekit's replacements of tfjs-layers classes share: the stock class (the tfjs-layers bundle
 * does not export it; its registration under its className does), and the activations the fused
 * layer kernels implement.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
// tfjs-layers registers its classes as it loads: it must have loaded before we look them up.
import '@tensorflow/tfjs-layers';
import { FUSED_ACTIVATIONS, type FusedActivation } from '../../backend/fused-layers.js';

/** The class tfjs-layers registered as `className`; call before registering a replacement. */
export function stockLayerClass<T>(className: string): T {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap[className];
  if (!registered) throw new Error(`aekit ${className}: tfjs-layers has not registered its ${className} class`);
  // Cast: the registry stores classes as a generic Serializable constructor; this entry is the stock layer class.
  return registered[0] as unknown as T;
}

/** The fields of a stock Dense or Conv2D a fused subclass reads (not public in the typings). */
export interface BiasActivationFields {
  activation: tf.serialization.Serializable | null;
  kernel: tfl.LayerVariable;
  bias: tfl.LayerVariable | null;
}

/** A layer's activation object as a fused-kernel activation, or null when it has none. */
export function fusedActivationOf(activation: tf.serialization.Serializable | null | undefined): FusedActivation | null {
  // tfjs-layers' activations are named by className: 'linear', 'relu', 'sigmoid', 'tanh', 'elu', ...
  const name = activation ? activation.getClassName() : 'linear';
  return (FUSED_ACTIVATIONS as readonly string[]).includes(name) ? name as FusedActivation : null;
}

/** The one tensor a layer was called on, or null when it was called on several. */
export function onlyTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor | null {
  if (!Array.isArray(inputs)) return inputs;
  return inputs.length === 1 ? inputs[0]! : null;
}
