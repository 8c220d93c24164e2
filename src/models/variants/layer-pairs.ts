/**
 * The symmetric dense autoencoders (stacked, rbm, deep) name their layers encoder_dense1..k, code,
 * decoder_dense1..k, reconstruction. Layer-wise pretraining needs each encoder layer with the
 * decoder layer that mirrors it: encoder layer l (from the input) pairs with decoder layer L-1-l.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Autoencoder } from '../autoencoder.js';

export interface LayerPair {
  encoder: tfl.layers.Layer;
  decoder: tfl.layers.Layer;
}

export function encoderLayerNames(hiddenCount: number): string[] {
  return [...Array.from({ length: hiddenCount }, (_, i) => `encoder_dense${i + 1}`), 'code'];
}

export function decoderLayerNames(hiddenCount: number): string[] {
  return [...Array.from({ length: hiddenCount }, (_, i) => `decoder_dense${i + 1}`), 'reconstruction'];
}

/** Pairs from the input inwards: [encoder_dense1 + reconstruction, ..., code + decoder_dense1]. */
export function mirroredLayerPairs(model: Autoencoder, hiddenCount: number): LayerPair[] {
  const encoders = encoderLayerNames(hiddenCount);
  const decoders = decoderLayerNames(hiddenCount);
  return encoders.map((name, l) => ({ encoder: model.model.getLayer(name), decoder: model.model.getLayer(decoders[decoders.length - 1 - l]!) }));
}
