/**
 * A layer as plain data, in Keras 2's functional JSON terms: what the exporters read, the Keras
 * importer produces, and the 'imported' model entry rebuilds a network from.
 */

/** [layer name, node index, tensor index] */
export type TensorRef = [string, number, number];

export interface LayerSpec {
  name: string;
  className: string;
  /** The layer's Keras 2 config (snake_case keys). */
  config: Record<string, unknown>;
  /** One list of input tensors per call of the layer (node); empty for an InputLayer. */
  inboundNodes: TensorRef[][];
  /** The output shape with the batch dimension (null), when known: the Keras 3 writer needs it. */
  outputShape?: (number | null)[];
}
