/**
 * A LayerGraph back as Keras 2 functional JSON: the `modelTopology` of TF.js layers format, and
 * what tfjs-layers deserialises into a model.
 */
import type { LayerGraph } from './layer-graph.js';

export interface Keras2Topology {
  class_name: 'Model';
  config: {
    name: string;
    layers: { name: string; class_name: string; config: Record<string, unknown>; inbound_nodes: [string, number, number, Record<string, never>][][] }[];
    input_layers: [string, number, number][];
    output_layers: [string, number, number][];
  };
}

export function keras2Topology(graph: LayerGraph): Keras2Topology {
  return {
    class_name: 'Model',
    config: {
      name: graph.name,
      layers: graph.layers.map((layer) => ({
        name: layer.name,
        class_name: layer.className,
        config: layer.config,
        inbound_nodes: layer.inboundNodes.map((node) => node.map(([name, nodeIndex, tensor]) => [name, nodeIndex, tensor, {}])),
      })),
      input_layers: graph.inputs.map((ref) => [...ref]),
      output_layers: graph.outputs.map((ref) => [...ref]),
    },
  };
}
