/**
 * Stacked (deep, symmetric) dense autoencoder: sizes configurable, optionally with tied weights
 * (each decoder kernel is the transpose of its mirrored encoder kernel) and optionally pretrained
 * greedily layer by layer (Bengio et al. 2007): a shallow autoencoder is trained with the normal
 * trainer on the previous layer's codes, and its two layers are copied into the deep network.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as layers from '../layers/index.js';
import type { Autoencoder, ModelSpec } from '../autoencoder.js';
import { applyChain, assembleAutoencoder } from '../assemble.js';
import { DENSE_DEFAULTS, denseLayers, flatSize, type Activation, type DenseConfig } from '../presets/dense.js';
import type { ModelEntry } from '../registry.js';
import { seedInitialWeights } from '../seeded-init.js';
import { fit } from '../../training/trainer.js';
import { mapBatches, type SampleSet } from '../../data/samples.js';
import { Random } from '../../util/random.js';
import { TiedDense } from './tied-dense.js';
import { decoderLayerNames, mirroredLayerPairs } from './layer-pairs.js';
import { booleanOption, integerListOption, integerOption } from './options.js';

export interface StackedConfig extends DenseConfig {
  tiedWeights: boolean;
  /** Greedy layer-wise pretraining before fine-tuning (run by `pretrain` in variants/index.ts). */
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

function stackedConfig(spec: ModelSpec): StackedConfig {
  integerListOption(spec, 'hidden');
  integerOption(spec, 'codeSize');
  booleanOption(spec, 'tiedWeights');
  booleanOption(spec, 'pretrain');
  integerOption(spec, 'pretrainEpochs');
  return spec.options as unknown as StackedConfig;
}

export const STACKED_ENTRY: ModelEntry = {
  name: 'stacked',
  description: 'stacked dense autoencoder (784-300-150-300-784 by default), optional tied weights and greedy layer-wise pretraining',
  defaultInputShape: [784],
  defaultLoss: 'mse',
  defaults: STACKED_DEFAULTS as unknown as Record<string, unknown>,
  build: (spec) => buildStackedAutoencoder(spec, stackedConfig(spec)),
};

export interface LayerwiseOptions {
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  seed?: number;
  /** Called after every epoch of every layer, e.g. for progress output. */
  onEpoch?: (layer: number, epoch: number, loss: number) => void;
}

/** Final training loss of each shallow autoencoder, from the input inwards. */
export interface LayerwiseReport {
  layerLosses: number[];
}

/** Runs `fn` on every sample of the set in batches and returns the outputs as a new sample set. */
export async function mapSamples(set: SampleSet, fn: (batch: tf.Tensor) => tf.Tensor, batchSize = 256): Promise<SampleSet> {
  const parts = await mapBatches(set, batchSize, (batch) => {
    const out = tf.tidy(() => fn(batch));
    const values = out.dataSync() as Float32Array;
    const shape = out.shape.slice(1);
    out.dispose();
    return { values, shape };
  });
  const shape = parts[0]!.shape;
  const data = new Float32Array(set.count * flatSize(shape));
  let offset = 0;
  for (const part of parts) {
    data.set(part.values, offset);
    offset += part.values.length;
  }
  return { data, count: set.count, sampleShape: shape };
}

/**
 * Greedy layer-wise pretraining of a stacked model: for each encoder layer from the input, train
 * a shallow autoencoder (same activations, tied if the model is) on the codes of the layers below,
 * then copy its encoder layer and its decoder layer into the mirrored pair of the deep model.
 */
export async function pretrainStacked(model: Autoencoder, samples: SampleSet, options: LayerwiseOptions = {}): Promise<LayerwiseReport> {
  const config = stackedConfig(model.spec);
  const seed = options.seed ?? 0;
  const pairs = mirroredLayerPairs(model, config.hidden.length);
  const sizes = [...config.hidden, config.codeSize];
  let codes: SampleSet = { data: samples.data, count: samples.count, sampleShape: [flatSize(samples.sampleShape)] };
  const layerLosses: number[] = [];
  for (let l = 0; l < pairs.length; l++) {
    const inner = l === pairs.length - 1;
    const shallowSpec: ModelSpec = {
      name: `${model.spec.name}_layer${l + 1}`,
      inputShape: codes.sampleShape,
      loss: l === 0 ? model.spec.loss : 'mse',
      options: {},
    };
    const shallow = buildStackedAutoencoder(shallowSpec, {
      ...config,
      hidden: [],
      codeSize: sizes[l]!,
      codeActivation: inner ? config.codeActivation : config.hiddenActivation,
      outputActivation: l === 0 ? config.outputActivation : config.hiddenActivation,
    });
    seedInitialWeights(shallow.model, Random.derive(seed, 0x5ac, l));
    const history = await fit(shallow, codes, {
      epochs: options.epochs ?? config.pretrainEpochs,
      batchSize: options.batchSize ?? 128,
      learningRate: options.learningRate ?? 1e-3,
      seed: seed + l,
      callbacks: options.onEpoch ? [{ name: 'pretrain-progress', onEpochEnd: (epoch, logs) => options.onEpoch!(l, epoch, logs['loss']!) }] : [],
    });
    layerLosses.push(history.metrics['loss']!.at(-1)!);
    pairs[l]!.encoder.setWeights(shallow.model.getLayer('code').getWeights());
    pairs[l]!.decoder.setWeights(shallow.model.getLayer('reconstruction').getWeights());
    if (!inner) codes = await mapSamples(codes, (batch) => shallow.encodeBatch(batch));
    shallow.model.dispose();
  }
  return { layerLosses };
}
