/**
 * The 'imported' model: a network brought in from Keras (aekit import), rebuilt from the layer
 * list stored in its spec (options.layers / inputs / outputs, Keras 2 configs) so a saved run
 * reloads, evaluates and fine-tunes like any other. One input, one output (the reconstruction);
 * options.codeLayer names the layer whose output is the code. The encoder runs input -> code; the
 * decoder re-applies the layers after the code to a code input. When those layers also read
 * tensors from before the code (skip connections), the decoder takes them as extra inputs and a
 * code alone cannot be decoded, as for aekit's U-Net.
 */
import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder, type ModelSpec } from '../autoencoder.js';
import type { ModelEntry } from '../model-entry.js';
import { layerFromSpec } from './layer-factory.js';
import type { LayerSpec, TensorRef } from './layer-spec.js';

export interface ImportedOptions {
  layers: LayerSpec[];
  inputs: TensorRef[];
  outputs: TensorRef[];
  codeLayer: string;
}

export const IMPORTED_DEFAULTS = { layers: [], inputs: [], outputs: [], codeLayer: '' };

const key = ([layer, node, tensor]: TensorRef): string => `${layer}#${node}#${tensor}`;

function importedOptions(spec: ModelSpec): ImportedOptions {
  const { layers, inputs, outputs, codeLayer } = spec.options as Partial<ImportedOptions>;
  if (!Array.isArray(layers) || layers.length === 0 || !Array.isArray(inputs) || !Array.isArray(outputs) || typeof codeLayer !== 'string') {
    throw new Error(`model '${spec.name}': is built from a Keras model by 'aekit import' (its spec needs the options layers, inputs, outputs and codeLayer)`);
  }
  if (inputs.length !== 1 || outputs.length !== 1) {
    throw new Error(`model '${spec.name}': an autoencoder has one input and one output (the reconstruction); this model has ${inputs.length} inputs and ${outputs.length} outputs`);
  }
  return { layers, inputs, outputs, codeLayer };
}

function inputShape(spec: LayerSpec): number[] {
  const shape = spec.config['batch_input_shape'];
  if (!Array.isArray(shape) || !shape.slice(1).every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`input layer '${spec.name}': needs a batch_input_shape [null, ...known sizes], found ${JSON.stringify(shape)}`);
  }
  return shape.slice(1) as number[];
}

/** Applies every layer to the tensors it reads; `resolve` supplies the tensors outside `values`. */
function applyLayers(
  specs: LayerSpec[],
  made: Map<string, tfl.layers.Layer>,
  values: Map<string, tfl.SymbolicTensor>,
  include: (spec: LayerSpec) => boolean,
  resolve: (ref: TensorRef) => tfl.SymbolicTensor,
): void {
  for (const spec of specs) {
    if (spec.className === 'InputLayer' || !include(spec)) continue;
    const layer = made.get(spec.name)!;
    spec.inboundNodes.forEach((node, nodeIndex) => {
      const inputs = node.map((ref) => values.get(key(ref)) ?? resolve(ref));
      values.set(key([spec.name, nodeIndex, 0]), layer.apply(inputs.length === 1 ? inputs[0]! : inputs) as tfl.SymbolicTensor);
    });
  }
}

export class ImportedAutoencoder extends Autoencoder {
  /** True when the decoder needs more than the code (skip connections). */
  get decoderNeedsSkips(): boolean {
    return this.decoder.inputs.length > 1;
  }

  override decodeBatch(z: tf.Tensor, training = false): tf.Tensor {
    if (this.decoderNeedsSkips) {
      throw new Error(`model '${this.name}': its decoder also reads tensors from before the code (${this.decoder.inputNames.slice(1).join(', ')}), so a code alone cannot be decoded`);
    }
    return super.decodeBatch(z, training);
  }

  override reconstructBatch(x: tf.Tensor, training = false): tf.Tensor {
    return this.model.apply(x, { training }) as tf.Tensor;
  }
}

export function buildImported(spec: ModelSpec): ImportedAutoencoder {
  const options = importedOptions(spec);
  const byName = new Map(options.layers.map((layer) => [layer.name, layer]));
  const made = new Map(options.layers.filter((l) => l.className !== 'InputLayer').map((l) => [l.name, layerFromSpec(l)]));
  const inputSpec = byName.get(options.inputs[0]![0]);
  if (!inputSpec || inputSpec.className !== 'InputLayer') throw new Error(`model '${spec.name}': its input '${options.inputs[0]![0]}' is not an InputLayer`);
  const shape = inputShape(inputSpec);
  if (shape.join('x') !== spec.inputShape.join('x')) throw new Error(`model '${spec.name}': input shape [${spec.inputShape.join(', ')}] differs from its input layer's [${shape.join(', ')}]`);
  const input = tfl.input({ shape, name: inputSpec.name });
  const values = new Map<string, tfl.SymbolicTensor>([[key([inputSpec.name, 0, 0]), input]]);
  applyLayers(options.layers, made, values, () => true, (ref) => {
    throw new Error(`model '${spec.name}': layer input '${ref[0]}' (node ${ref[1]}) comes from no earlier layer`);
  });
  const output = values.get(key(options.outputs[0]!));
  const code = values.get(key([options.codeLayer, 0, 0]));
  if (!output) throw new Error(`model '${spec.name}': its output '${options.outputs[0]![0]}' is computed by no layer`);
  if (!code) throw new Error(`model '${spec.name}': code layer '${options.codeLayer}' is not a layer of the model (layers: ${[...made.keys()].join(', ')})`);
  const model = tfl.model({ inputs: input, outputs: output, name: spec.name });
  const encoder = tfl.model({ inputs: input, outputs: code, name: `${spec.name}_encoder` });

  // The decoder: every layer downstream of the code, re-applied to a code input; tensors they
  // read from elsewhere become extra inputs.
  const downstream = new Set<string>([options.codeLayer]);
  for (const layer of options.layers) if (layer.inboundNodes.some((node) => node.some(([source]) => downstream.has(source)))) downstream.add(layer.name);
  if (!downstream.has(options.outputs[0]![0])) throw new Error(`model '${spec.name}': code layer '${options.codeLayer}' is not on the way to the output`);
  const codeInput = tfl.input({ shape: (code.shape as number[]).slice(1), name: 'code' });
  const decoderValues = new Map<string, tfl.SymbolicTensor>([[key([options.codeLayer, 0, 0]), codeInput]]);
  const extras: tfl.SymbolicTensor[] = [];
  applyLayers(options.layers, made, decoderValues, (layer) => layer.name !== options.codeLayer && downstream.has(layer.name), (ref) => {
    const original = values.get(key(ref))!;
    const extra = tfl.input({ shape: (original.shape as number[]).slice(1), name: `${ref[0]}_input` });
    extras.push(extra);
    decoderValues.set(key(ref), extra);
    return extra;
  });
  const decoder = tfl.model({ inputs: [codeInput, ...extras], outputs: decoderValues.get(key(options.outputs[0]!))!, name: `${spec.name}_decoder` });
  return new ImportedAutoencoder(spec, encoder, decoder, model);
}

export const IMPORTED_ENTRY: ModelEntry = {
  name: 'imported',
  description: "a Keras model brought in with 'aekit import' (rebuilt from its stored layer list)",
  defaultInputShape: [784],
  defaultLoss: 'mse',
  defaults: IMPORTED_DEFAULTS,
  build: buildImported,
};
