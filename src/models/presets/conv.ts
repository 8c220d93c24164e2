/**
 * The seed's two convolutional autoencoders (../shared/seeds/000, "approach 1" and "approach 2"),
 * layer for layer as the Keras code builds them, so parameter counts match Keras exactly.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import * as layers from '../layers/index.js';
import type { Autoencoder, ModelSpec } from '../autoencoder.js';
import { applyChain, assembleAutoencoder } from '../assemble.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import { integerListOption, numberOption } from '../options.js';

export interface Conv1Config {
  /** Filters of the four encoder convolutions; the decoder uses them reversed, then 1 channel out. */
  filters: [number, number, number, number];
}

export const CONV1_DEFAULTS: Conv1Config = { filters: [16, 16, 8, 8] };

export function conv1Config(spec: ModelSpec): Conv1Config {
  const [f1, f2, f3, f4] = integerListOption(spec, 'filters', 4, 4);
  return { filters: [f1!, f2!, f3!, f4!] };
}

function conv(filters: number, name: string, activation: 'relu' | 'linear' = 'relu'): tfl.layers.Layer {
  return layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation, name });
}

function requireImageInput(spec: ModelSpec, multiple: number): void {
  const [h, w, c] = spec.inputShape;
  if (spec.inputShape.length !== 3 || h === undefined || w === undefined || c === undefined) {
    throw new Error(`model '${spec.name}': expects image input [height, width, channels], got [${spec.inputShape.join(', ')}]`);
  }
  if (h % multiple !== 0 || w % multiple !== 0) {
    throw new Error(`model '${spec.name}': image height and width must be multiples of ${multiple} (after padding), got ${h}x${w}`);
  }
}

/**
 * Approach 1: pad 28->32, four conv+pool stages down to 2x2x8, four conv+upsample stages back up,
 * crop 32->28. 6,705 parameters for MNIST.
 */
export function buildConv1(spec: ModelSpec, config: Conv1Config): Autoencoder {
  requireImageInput(spec, 1);
  const [h, w, channels] = spec.inputShape as [number, number, number];
  // Pad up to the next multiple of 16 so four 2x2 poolings divide evenly (28 -> 32 as in the seed).
  const padH = (Math.ceil(h / 16) * 16 - h) / 2;
  const padW = (Math.ceil(w / 16) * 16 - w) / 2;
  if (!Number.isInteger(padH) || !Number.isInteger(padW)) {
    throw new Error(`model '${spec.name}': needs height and width that pad evenly to a multiple of 16, got ${h}x${w}`);
  }
  const [f1, f2, f3, f4] = config.filters;
  const encoderLayers: tfl.layers.Layer[] = [tfl.layers.zeroPadding2d({ padding: [[padH, padH], [padW, padW]], name: 'zero_padding' })];
  [f1, f2, f3, f4].forEach((filters, i) => {
    encoderLayers.push(conv(filters, `encoder_conv${i + 1}`));
    encoderLayers.push(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same', name: `encoder_pool${i + 1}` }));
  });
  const decoderLayers: tfl.layers.Layer[] = [];
  [f4, f3, f2, channels].forEach((filters, i) => {
    decoderLayers.push(conv(filters, `decoder_conv${i + 1}`));
    decoderLayers.push(tfl.layers.upSampling2d({ size: [2, 2], name: `decoder_upsample${i + 1}` }));
  });
  decoderLayers.push(tfl.layers.cropping2D({ cropping: [[padH, padH], [padW, padW]], name: 'cropping' }));
  return assembleAutoencoder(spec, { encode: (input) => applyChain(input, encoderLayers), decoderLayers });
}

export interface Conv2Config {
  filters: [number, number];
  leakyAlpha: number;
}

export const CONV2_DEFAULTS: Conv2Config = { filters: [16, 8], leakyAlpha: 0.2 };

export function conv2Config(spec: ModelSpec): Conv2Config {
  const [f1, f2] = integerListOption(spec, 'filters', 2, 2);
  return { filters: [f1!, f2!], leakyAlpha: numberOption(spec, 'leakyAlpha', 0) };
}

/**
 * Approach 2: conv -> pool -> LeakyReLU -> BatchNorm twice (28 -> 7), then conv -> upsample ->
 * LeakyReLU -> BatchNorm twice back to 28. 2,109 parameters, 66 of them BatchNorm moving statistics.
 */
export function buildConv2(spec: ModelSpec, config: Conv2Config): Autoencoder {
  requireImageInput(spec, 4);
  const channels = spec.inputShape[2]!;
  const [f1, f2] = config.filters;
  const alpha = config.leakyAlpha;
  const encoderLayers: tfl.layers.Layer[] = [];
  [f1, f2].forEach((filters, i) => {
    encoderLayers.push(conv(filters, `encoder_conv${i + 1}`, 'linear'));
    encoderLayers.push(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same', name: `encoder_pool${i + 1}` }));
    encoderLayers.push(tfl.layers.leakyReLU({ alpha, name: `encoder_leaky${i + 1}` }));
    encoderLayers.push(batchNormalization({ name: `encoder_bn${i + 1}` }));
  });
  const decoderLayers: tfl.layers.Layer[] = [];
  [f2, channels].forEach((filters, i) => {
    decoderLayers.push(conv(filters, `decoder_conv${i + 1}`));
    decoderLayers.push(tfl.layers.upSampling2d({ size: [2, 2], name: `decoder_upsample${i + 1}` }));
    decoderLayers.push(tfl.layers.leakyReLU({ alpha, name: `decoder_leaky${i + 1}` }));
    decoderLayers.push(batchNormalization({ name: `decoder_bn${i + 1}` }));
  });
  return assembleAutoencoder(spec, { encode: (input) => applyChain(input, encoderLayers), decoderLayers });
}
