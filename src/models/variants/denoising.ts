/**
 * Denoising autoencoder: the input is corrupted during training (only), the target stays the
 * clean input, so the network must learn the data's structure rather than the identity. The
 * architecture is any existing one (dense, conv1, conv2), wrapped.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder, type LossTerms, type ModelSpec, type StepContext } from '../autoencoder.js';
import { buildDenseAutoencoder, DENSE_DEFAULTS, denseConfig } from '../presets/dense.js';
import { buildConv1, buildConv2, CONV1_DEFAULTS, CONV2_DEFAULTS } from '../presets/conv.js';
import type { ModelEntry } from '../model-entry.js';
import { checkNoise, corrupt, NOISE_KINDS, type NoiseConfig } from './corruption.js';
import { choiceOption, numberOption } from '../options.js';

export class DenoisingAutoencoder extends Autoencoder {
  constructor(spec: ModelSpec, encoder: tfl.LayersModel, decoder: tfl.LayersModel, model: tfl.LayersModel, readonly noise: NoiseConfig) {
    super(spec, encoder, decoder, model);
    checkNoise(noise, `model '${spec.name}'`);
  }

  /** Reconstruction of the corrupted input against the clean one; evaluation sees clean inputs. */
  override computeLoss(x: tf.Tensor, context: StepContext): LossTerms {
    const input = context.training ? corrupt(x, this.noise, context.random) : x;
    return { loss: this.reconstructionLoss(x, this.reconstructBatch(input, context.training)) };
  }
}

export function noiseOptions(spec: ModelSpec): NoiseConfig {
  return { noise: choiceOption(spec, 'noise', NOISE_KINDS), noiseLevel: numberOption(spec, 'noiseLevel', 0) };
}

export const BASE_ARCHITECTURES = ['dense', 'conv1', 'conv2'] as const;

export const DENOISING_DEFAULTS = {
  noise: 'gaussian',
  noiseLevel: 0.5,
  base: 'dense',
  ...DENSE_DEFAULTS,
};

/** The wrapped architecture; the dense options apply when base is 'dense', conv bases use their presets. */
function buildBase(spec: ModelSpec): Autoencoder {
  const base = choiceOption(spec, 'base', BASE_ARCHITECTURES);
  if (base !== 'dense' && spec.inputShape.length !== 3) {
    throw new Error(`model '${spec.name}': base '${base}' needs image input [height, width, channels], got [${spec.inputShape.join(', ')}] (pass inputShape [28, 28, 1] for MNIST)`);
  }
  if (base === 'conv1') return buildConv1(spec, CONV1_DEFAULTS);
  if (base === 'conv2') return buildConv2(spec, CONV2_DEFAULTS);
  return buildDenseAutoencoder(spec, denseConfig(spec));
}

export const DENOISING_ENTRY: ModelEntry = {
  name: 'denoising',
  description: 'denoising autoencoder: a dense/conv1/conv2 net trained on corrupted inputs (gaussian, salt-pepper, masking) against clean targets',
  defaultInputShape: [784],
  defaultLoss: 'mse',
  defaults: DENOISING_DEFAULTS,
  inputLayout: (options) => (options['base'] === 'dense' ? 'flat' : 'image'),
  build: (spec) => {
    const base = buildBase(spec);
    return new DenoisingAutoencoder(spec, base.encoder, base.decoder, base.model, noiseOptions(spec));
  },
};
