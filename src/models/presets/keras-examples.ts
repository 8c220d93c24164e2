/**
 * Models from the Keras examples, layer for layer, so their published numbers can be reproduced
 * (experiments/keras-denoise.ts). 'keras-conv-denoise' is keras-io examples/vision/autoencoder.py
 * (Santiago L. Valdarrama, 2021): two conv+pool stages down to 7x7x32, two stride-2 transposed
 * convolutions back up, a sigmoid conv out; binary cross-entropy; 28,353 parameters on MNIST.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import * as layers from '../layers/index.js';
import type { Autoencoder, ModelSpec } from '../autoencoder.js';
import type { ModelEntry } from '../model-entry.js';
import { applyChain, assembleAutoencoder } from '../assemble.js';
import { integerOption } from '../options.js';

export interface KerasConvDenoiseConfig {
  filters: number;
}

export const KERAS_CONV_DENOISE_DEFAULTS: KerasConvDenoiseConfig = { filters: 32 };

function kerasConvDenoiseConfig(spec: ModelSpec): KerasConvDenoiseConfig {
  return { filters: integerOption(spec, 'filters') };
}

export function buildKerasConvDenoise(spec: ModelSpec, config: KerasConvDenoiseConfig): Autoencoder {
  const [h, w, channels] = spec.inputShape;
  if (spec.inputShape.length !== 3 || h === undefined || w === undefined || channels === undefined || h % 4 !== 0 || w % 4 !== 0) {
    throw new Error(`model '${spec.name}': expects image input [height, width, channels] with height and width multiples of 4, got [${spec.inputShape.join(', ')}]`);
  }
  const { filters } = config;
  const conv = (name: string, units = filters, activation: 'relu' | 'sigmoid' = 'relu') =>
    layers.conv2d({ filters: units, kernelSize: 3, activation, padding: 'same', name });
  const encoderLayers = [
    conv('encoder_conv1'),
    tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same', name: 'encoder_pool1' }),
    conv('encoder_conv2'),
    tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same', name: 'encoder_pool2' }),
  ];
  const decoderLayers = [
    layers.conv2dTranspose({ filters, kernelSize: 3, strides: 2, activation: 'relu', padding: 'same', name: 'decoder_deconv1' }),
    layers.conv2dTranspose({ filters, kernelSize: 3, strides: 2, activation: 'relu', padding: 'same', name: 'decoder_deconv2' }),
    conv('reconstruction', channels, 'sigmoid'),
  ];
  return assembleAutoencoder(spec, { encode: (input) => applyChain(input, encoderLayers), decoderLayers });
}

export const KERAS_CONV_DENOISE_ENTRY: ModelEntry = {
  name: 'keras-conv-denoise',
  description: 'Keras example conv denoising autoencoder: conv/pool x2 to 7x7x32, transposed conv x2 back, BCE (28,353 params)',
  defaultInputShape: [28, 28, 1],
  defaultLoss: 'bce',
  defaults: { ...KERAS_CONV_DENOISE_DEFAULTS },
  build: (spec) => buildKerasConvDenoise(spec, kerasConvDenoiseConfig(spec)),
};
