/**
 * A network as plain data, the form every exporter reads and every importer produces: the
 * functional topology in Keras 2's JSON (what tfjs-layers writes and legacy Keras HDF5 files
 * hold: layers with snake_case configs and `inbound_nodes` as [layer, node, tensor] triples) plus
 * every layer's weights in Keras order (Dense: kernel, bias; BatchNormalization: gamma, beta,
 * moving_mean, moving_variance).
 *
 * aekit's two own layers leave as standard ones: a TiedDense becomes the Dense it equals (the
 * transposed source kernel; the function is the same, only training would differ), and a
 * ChannelConcat becomes Concatenate on the last axis.
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import { TiedDense } from '../../models/variants/tied-dense.js';
import type { LayerSpec, TensorRef } from '../../models/imported/layer-spec.js';

export type { LayerSpec, TensorRef };

export interface WeightArray {
  shape: number[];
  values: Float32Array;
}

export interface LayerGraph {
  name: string;
  /** In an order where every layer comes after the layers it reads. */
  layers: LayerSpec[];
  inputs: TensorRef[];
  outputs: TensorRef[];
  /** Weights by layer name, in Keras order; layers without weights are absent. */
  weights: Map<string, WeightArray[]>;
}

interface KerasTopologyJson {
  class_name: string;
  config: {
    name: string;
    layers: { name: string; class_name: string; config: Record<string, unknown>; inbound_nodes: unknown[][][] }[];
    input_layers: unknown[][];
    output_layers: unknown[][];
  };
}

function tensorRef(entry: unknown, where: string): TensorRef {
  if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'number' || typeof entry[2] !== 'number') {
    throw new Error(`${where}: expected a [layer, node, tensor] reference, found ${JSON.stringify(entry)}`);
  }
  return [entry[0], entry[1], entry[2]];
}

/** The Keras 2 topology (model_config of a legacy HDF5 file, or tfjs-layers' toJSON) as a LayerSpec list. */
export function layersFromKeras2Topology(topology: KerasTopologyJson, where: string): Pick<LayerGraph, 'name' | 'layers' | 'inputs' | 'outputs'> {
  const config = topology.config;
  return {
    name: config.name,
    layers: config.layers.map((layer) => ({
      name: layer.name,
      className: layer.class_name,
      config: layer.config,
      inboundNodes: layer.inbound_nodes.map((node) => node.map((entry) => tensorRef(entry, `${where}: layer '${layer.name}'`))),
    })),
    inputs: config.input_layers.map((entry) => tensorRef(entry, `${where}: input_layers`)),
    outputs: config.output_layers.map((entry) => tensorRef(entry, `${where}: output_layers`)),
  };
}

/** Keeps only the layers the given outputs depend on. */
export function pruneToOutputs(graph: LayerGraph, outputs: TensorRef[]): LayerGraph {
  const byName = new Map(graph.layers.map((layer) => [layer.name, layer]));
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    needed.add(name);
    for (const node of byName.get(name)?.inboundNodes ?? []) for (const [source] of node) visit(source);
  };
  outputs.forEach(([name]) => visit(name));
  const layers = graph.layers.filter((layer) => needed.has(layer.name));
  const weights = new Map([...graph.weights].filter(([name]) => needed.has(name)));
  return { ...graph, layers, outputs, weights, inputs: graph.inputs.filter(([name]) => needed.has(name)) };
}

function weightArrays(layer: tfl.layers.Layer): WeightArray[] {
  const tensors = layer instanceof TiedDense ? layer.tiedWeightValues() : layer.getWeights();
  const arrays = tensors.map((t) => ({ shape: [...t.shape], values: Float32Array.from(t.dataSync()) }));
  if (layer instanceof TiedDense) tensors.forEach((t) => t.dispose());
  return arrays;
}

/** A tfjs-layers model (one of an Autoencoder's) as a LayerGraph; `outputIndices` keeps only those outputs. */
export function layerGraphOf(model: tfl.LayersModel, outputIndices?: number[]): LayerGraph {
  // Cast: toJSON returns tfjs's loose PyJsonDict; a functional model's topology is Keras 2 JSON of this shape.
  const topology = model.toJSON(null, false) as unknown as KerasTopologyJson;
  const graph: LayerGraph = { ...layersFromKeras2Topology(topology, `model '${model.name}'`), weights: new Map() };
  for (const spec of graph.layers) {
    const layer = model.getLayer(spec.name);
    if (layer instanceof TiedDense) {
      spec.className = 'Dense';
      spec.config = { name: spec.name, trainable: true, dtype: 'float32', units: layer.units, activation: layer.activation, use_bias: true };
    } else if (spec.className === 'ChannelConcat') {
      spec.className = 'Concatenate';
      spec.config = { name: spec.name, trainable: true, dtype: 'float32', axis: -1 };
    }
    const shape = layer.outputShape;
    if (Array.isArray(shape) && !Array.isArray(shape[0])) spec.outputShape = [...(shape as (number | null)[])];
    const weights = weightArrays(layer);
    if (weights.length > 0) graph.weights.set(spec.name, weights);
  }
  return outputIndices ? pruneToOutputs(graph, outputIndices.map((i) => graph.outputs[i]!)) : graph;
}
