/**
 * Stacked (deep, symmetric) dense autoencoder: sizes configurable, optionally with tied weights
 * (each decoder kernel is the transpose of its mirrored encoder kernel) and optionally pretrained
 * greedily layer by layer (Bengio et al. 2007, training/pretraining/greedy.ts): a shallow
 * autoencoder is trained on the previous layer's codes, and its two layers are copied into the
 * deep network.
 */
import * as layers from '../layers/index.js';
import type { Autoencoder, ModelSpec } from '../autoencoder.js';
import { applyChain, assembleAutoencoder } from '../assemble.js';
import { DENSE_DEFAULTS, denseConfig, denseLayers, flatSize, type Activation, type DenseConfig } from '../presets/dense.js';
import type { ModelEntry } from '../model-entry.js';
import { TiedDense } from './tied-dense.js';
import { decoderLayerNames } from './layer-pairs.js';
import { booleanOption, integerOption } from '../options.js';

export interface StackedConfig extends DenseConfig {
  tiedWeights: boolean;
  /** Greedy layer-wise pretraining before fine-tuning (run by training/pretraining). */
  pretrain: boolean;
  pretrainEpochs: number;
}

export const STACKED_DEFAULTS: StackedConfig = {
  ...DENSE_DEFAULTS,
  // Géron's stacked autoencoder of seed 002: 784-300-150-300-784.
  hidden: [300],
  codeSize: 150,
  tiedWeights: false,
  pretrain: false,
  pretrainEpochs: 1,
};

export function buildStackedAutoencoder(spec: ModelSpec, config: StackedConfig): Autoencoder {
  const inputSize = flatSize(spec.inputShape);
  if (spec.inputShape.length !== 1) {
    throw new Error(`model '${spec.name}': stacked autoencoders take flat inputs, got input shape [${spec.inputShape.join(', ')}] (use [${inputSize}])`);
  }
  const encoderLayers = [
    ...denseLayers(config.hidden, config.hiddenActivation, 'encoder'),
    layers.dense({ units: config.codeSize, activation: config.codeActivation, name: 'code' }),
  ];
  const names = decoderLayerNames(config.hidden.length);
  // Decoder layer i mirrors encoder layer L-1-i: its output size is that layer's input size.
  const inputSizes = [inputSize, ...config.hidden];
  const decoderLayers = names.map((name, i) => {
    const mirror = encoderLayers[encoderLayers.length - 1 - i]!;
    const units = inputSizes[inputSizes.length - 1 - i]!;
    const activation: Activation = i === names.length - 1 ? config.outputActivation : config.hiddenActivation;
    return config.tiedWeights
      ? new TiedDense({ units, activation, tiedTo: mirror.name, source: mirror, name })
      : layers.dense({ units, activation, name });
  });
  return assembleAutoencoder(spec, { encode: (input) => applyChain(input, encoderLayers), decoderLayers });
}

export function stackedConfig(spec: ModelSpec): StackedConfig {
  return {
    ...denseConfig(spec),
    tiedWeights: booleanOption(spec, 'tiedWeights'),
    pretrain: booleanOption(spec, 'pretrain'),
    pretrainEpochs: integerOption(spec, 'pretrainEpochs'),
  };
}

export const STACKED_ENTRY: ModelEntry = {
  name: 'stacked',
  description: 'stacked dense autoencoder (784-300-150-300-784 by default), optional tied weights and greedy layer-wise pretraining',
  defaultInputShape: [784],
  defaultLoss: 'mse',
  defaults: STACKED_DEFAULTS,
  build: (spec) => buildStackedAutoencoder(spec, stackedConfig(spec)),
};
