/**
 * Assembles an Autoencoder from an encoder graph and a list of decoder layers: one flat model for
 * the whole network (so the summary lists every layer, as Keras does), plus an encoder model and a
 * decoder model that share the same layers and weights.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder, type ModelSpec } from './autoencoder.js';

export interface AssembleParts {
  /** Builds the encoder graph on the given input and returns the code tensor. */
  encode: (input: tfl.SymbolicTensor) => tfl.SymbolicTensor;
  /** Decoder layers, applied in order to the code. */
  decoderLayers: tfl.layers.Layer[];
}

/** Applies layers one after the other to a symbolic tensor. */
export function applyChain(input: tfl.SymbolicTensor, layers: tfl.layers.Layer[]): tfl.SymbolicTensor {
  return layers.reduce((tensor, layer) => layer.apply(tensor) as tfl.SymbolicTensor, input);
}

/** An Autoencoder from encoder and decoder layer chains and its spec. */
export function assembleAutoencoder(spec: ModelSpec, parts: AssembleParts): Autoencoder {
  const input = tfl.input({ shape: spec.inputShape, name: 'input' });
  const code = parts.encode(input);
  const reconstruction = applyChain(code, parts.decoderLayers);
  const model = tfl.model({ inputs: input, outputs: reconstruction, name: spec.name });
  const encoder = tfl.model({ inputs: input, outputs: code, name: `${spec.name}_encoder` });
  const codeInput = tfl.input({ shape: (code.shape as number[]).slice(1), name: 'code' });
  const decoder = tfl.model({ inputs: codeInput, outputs: applyChain(codeInput, parts.decoderLayers), name: `${spec.name}_decoder` });
  return new Autoencoder(spec, encoder, decoder, model);
}
