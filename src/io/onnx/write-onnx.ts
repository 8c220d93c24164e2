/**
 * A LayerGraph as an ONNX model (opset 17, IR version 8). Inputs and outputs keep aekit's layout:
 * images are NHWC [batch, height, width, channels] and flat inputs [batch, features]; the batch
 * dimension is open ('batch'). Inside, image tensors run channels-first (ONNX's Conv layout), with
 * one Transpose where the layout changes.
 */
import type { LayerGraph, TensorRef } from '../export/layer-graph.js';
import { OnnxGraphBuilder, type Value } from './onnx-builder.js';
import { LAYER_CONVERTERS, layerError } from './layer-ops.js';

export const ONNX_OPSET = 17;

export interface OnnxWriteOptions {
  /** Graph output names, one per graph output (default: the output layers' names). */
  outputNames?: string[];
  metadata: Record<string, string>;
  producerVersion: string;
  docString?: string;
}

function batchShape(spec: { name: string; className: string; config: Record<string, unknown> }): number[] {
  const shape = spec.config['batch_input_shape'] ?? spec.config['batch_shape'];
  if (!Array.isArray(shape) || shape.length < 2 || !shape.slice(1).every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`input layer '${spec.name}': expected a batch_input_shape [null, ...known sizes], found ${JSON.stringify(shape)}`);
  }
  return shape.slice(1) as number[];
}

export function writeOnnx(graph: LayerGraph, options: OnnxWriteOptions): Uint8Array {
  const builder = new OnnxGraphBuilder();
  const values = new Map<string, Value>();
  const key = ([layer, node, tensor]: TensorRef): string => `${layer}#${node}#${tensor}`;
  for (const layer of graph.layers) {
    if (layer.className === 'InputLayer') {
      values.set(key([layer.name, 0, 0]), builder.input(layer.name, batchShape(layer)));
      continue;
    }
    const convert = LAYER_CONVERTERS[layer.className];
    if (!convert) throw layerError(layer, `this layer type has no ONNX export (supported: ${Object.keys(LAYER_CONVERTERS).join(', ')})`);
    layer.inboundNodes.forEach((node, nodeIndex) => {
      const inputs = node.map((ref) => {
        const value = values.get(key(ref));
        if (!value) throw layerError(layer, `reads '${ref[0]}' (node ${ref[1]}, tensor ${ref[2]}), which no earlier layer produced`);
        return value;
      });
      const output = convert({ builder, layer, weights: graph.weights.get(layer.name) ?? [] }, inputs);
      values.set(key([layer.name, nodeIndex, 0]), output);
    });
  }
  graph.outputs.forEach((ref, i) => {
    const value = values.get(key(ref));
    if (!value) throw new Error(`model '${graph.name}': output '${ref[0]}' is not computed by any layer`);
    builder.output(options.outputNames?.[i] ?? ref[0], value);
  });
  return builder.encode({
    graphName: graph.name,
    opset: ONNX_OPSET,
    producerVersion: options.producerVersion,
    metadata: options.metadata,
    docString: options.docString ?? '',
  });
}
