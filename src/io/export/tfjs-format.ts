/**
 * A LayerGraph in TF.js layers format: model.json (Keras 2 topology + weights manifest) and
 * weights.bin (every weight as float32, in manifest order). Only standard Keras layers, so stock
 * `tf.loadLayersModel` reads it (a U-Net's skips are Concatenate, tied decoders untied Dense).
 */
import type { LayerGraph } from './layer-graph.js';
import { keras2Topology } from './keras2-topology.js';

/** tfjs-layers' weight names: layer/kernel, layer/bias, layer/gamma ... in Keras order. */
const WEIGHT_NAMES: Record<string, string[]> = {
  Dense: ['kernel', 'bias'],
  Conv2D: ['kernel', 'bias'],
  Conv2DTranspose: ['kernel', 'bias'],
};

function weightNames(className: string, config: Record<string, unknown>, count: number): string[] {
  if (className === 'BatchNormalization') {
    return [...(config['scale'] !== false ? ['gamma'] : []), ...(config['center'] !== false ? ['beta'] : []), 'moving_mean', 'moving_variance'];
  }
  return (WEIGHT_NAMES[className] ?? []).slice(0, count);
}

export interface TfjsArtifacts {
  modelJson: Record<string, unknown>;
  weights: Uint8Array;
}

export function tfjsArtifacts(graph: LayerGraph, generatedBy: string, userDefinedMetadata: Record<string, string>): TfjsArtifacts {
  const specs: { name: string; shape: number[]; dtype: 'float32' }[] = [];
  const parts: Float32Array[] = [];
  for (const layer of graph.layers) {
    const arrays = graph.weights.get(layer.name) ?? [];
    const names = weightNames(layer.className, layer.config, arrays.length);
    if (names.length !== arrays.length) throw new Error(`layer '${layer.name}' (${layer.className}): ${arrays.length} weight arrays, no TF.js names for them`);
    arrays.forEach((array, i) => {
      specs.push({ name: `${layer.name}/${names[i]}`, shape: array.shape, dtype: 'float32' });
      parts.push(array.values);
    });
  }
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  return {
    modelJson: {
      format: 'layers-model',
      generatedBy,
      convertedBy: null,
      modelTopology: keras2Topology(graph),
      weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
      userDefinedMetadata,
    },
    weights: new Uint8Array(data.buffer),
  };
}
