/**
 * Fully connected autoencoders: the seed's 784-32-784, its 784-392-784 variant, and the deep
 * 784-1000-500-250-30 network of Hinton & Salakhutdinov (2006). One builder serves all of them;
 * the presets differ only in their config.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import * as layers from '../layers/index.js';
import type { ModelSpec } from '../autoencoder.js';
import { applyChain, assembleAutoencoder } from '../assemble.js';
import type { Autoencoder } from '../autoencoder.js';
import { choiceOption, integerListOption, integerOption } from '../options.js';

export const ACTIVATIONS = ['relu', 'sigmoid', 'linear', 'tanh', 'elu', 'selu', 'softplus'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface DenseConfig {
  /** Hidden layer sizes between input and code; the decoder mirrors them. */
  hidden: number[];
  codeSize: number;
  hiddenActivation: Activation;
  codeActivation: Activation;
  outputActivation: Activation;
}

export const DENSE_DEFAULTS: DenseConfig = {
  hidden: [],
  codeSize: 32,
  hiddenActivation: 'relu',
  codeActivation: 'relu',
  outputActivation: 'sigmoid',
};

/** The dense options of a spec, each checked (one clear error naming the option otherwise). */
export function denseConfig(spec: ModelSpec): DenseConfig {
  return {
    hidden: integerListOption(spec, 'hidden'),
    codeSize: integerOption(spec, 'codeSize'),
    hiddenActivation: choiceOption(spec, 'hiddenActivation', ACTIVATIONS),
    codeActivation: choiceOption(spec, 'codeActivation', ACTIVATIONS),
    outputActivation: choiceOption(spec, 'outputActivation', ACTIVATIONS),
  };
}

export function flatSize(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function denseLayers(sizes: number[], activation: Activation, prefix: string): tfl.layers.Layer[] {
  return sizes.map((units, i) => layers.dense({ units, activation, name: `${prefix}_dense${i + 1}` }));
}

export function buildDenseAutoencoder(spec: ModelSpec, config: DenseConfig): Autoencoder {
  const inputSize = flatSize(spec.inputShape);
  if (spec.inputShape.length !== 1) {
    throw new Error(`model '${spec.name}': dense autoencoders take flat inputs, got input shape [${spec.inputShape.join(', ')}] (use [${inputSize}])`);
  }
  const encoderLayers = [
    ...denseLayers(config.hidden, config.hiddenActivation, 'encoder'),
    layers.dense({ units: config.codeSize, activation: config.codeActivation, name: 'code' }),
  ];
  const decoderLayers = [
    ...denseLayers([...config.hidden].reverse(), config.hiddenActivation, 'decoder'),
    layers.dense({ units: inputSize, activation: config.outputActivation, name: 'reconstruction' }),
  ];
  return assembleAutoencoder(spec, { encode: (input) => applyChain(input, encoderLayers), decoderLayers });
}
