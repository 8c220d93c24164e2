/**
 * A model that is a plain chain of Dense layers (the dense, deep, linear and sparse autoencoders;
 * the dense VAE's mean path and its decoder) run without tfjs-layers' `apply`: on a backend with
 * the fused layer kernels each layer is one kernel call, whose registered gradient serves
 * training too. `apply` checks the input, opens name scopes and keeps symbolic bookkeeping for
 * every layer; for the dense model's two layers that came to ~40 of 240 us per reconstructed
 * batch of 128, and in training (interleaved A/B, medians of 30 epochs of 20 steps) the dense
 * model's step went from 1.38 to 1.30 ms and the deep model's from 22.3 to 21.1 ms. What `apply`
 * adds besides (layer losses from regularisers, call hooks) aekit's trainer never reads: its
 * penalties are loss terms of the model's own. (One native call for the whole chain measured no
 * faster than a kernel per layer, so there is none.)
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { hasFusedLayers, type FusedActivation } from '../backend/fused-layers.js';
import { Dense } from './layers/dense.js';

interface ChainStep {
  layer: Dense;
  activation: FusedActivation;
}

const chains = new WeakMap<tfl.LayersModel, ChainStep[] | null>();

/** The model's layers from input to output when it is one chain of fusable Dense layers. */
function denseChainOf(model: tfl.LayersModel): ChainStep[] | null {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return null;
  const input = model.inputs[0]!;
  const steps: ChainStep[] = [];
  // Walk back from the output through the tensors each layer was called on in this model.
  for (let t = model.outputs[0]!; t !== input; t = t.inputs[0]!) {
    const layer = t.sourceLayer;
    const activation = layer instanceof Dense ? layer.fusedActivation : null;
    if (!activation || t.inputs.length !== 1) return null;
    steps.push({ layer: layer as Dense, activation });
  }
  return steps.length > 0 ? steps.reverse() : null;
}

function cachedChainOf(model: tfl.LayersModel): ChainStep[] | null {
  let steps = chains.get(model);
  if (steps === undefined) {
    steps = denseChainOf(model);
    chains.set(model, steps);
  }
  return steps;
}

/**
 * The output for x of the models applied one after the other (an encoder, then a
 * decoder), as one dense chain; null when one of them is not such a chain, the backend lacks the
 * fused kernels, or x is not a float32 batch of the right width (then the caller takes `apply`,
 * which also gives the user-facing error for a wrong shape).
 */
export function applyDenseChain(models: tfl.LayersModel[], x: tf.Tensor): tf.Tensor | null {
  const steps: ChainStep[] = [];
  for (const model of models) {
    const modelSteps = cachedChainOf(model);
    if (!modelSteps) return null;
    steps.push(...modelSteps);
  }
  if (x.dtype !== 'float32' || x.rank !== 2 || !hasFusedLayers()) return null;
  let width = x.shape[1];
  for (const { layer } of steps) {
    if (layer.inputUnits !== width) return null;
    width = layer.outputUnits;
  }
  return tf.tidy(() => steps.reduce((h, { layer, activation }) => layer.applyFused(h, activation), x));
}
