/**
 * Collects an ONNX graph (nodes, constant initializers, inputs and outputs) and encodes it with
 * the ONNX protobuf schema (the `onnx-proto` package: the official onnx.proto compiled by
 * protobufjs). Values carry their layout: aekit and Keras are channels-last (NHWC), ONNX's Conv,
 * pooling, BatchNormalization and Resize are channels-first (NCHW), so a 4-D value is transposed
 * once when an operation needs the other layout, and the transpose is reused by every reader.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto;

export type Layout = 'channels_last' | 'channels_first';

/** A tensor in the graph: its ONNX name, its shape per sample in Keras's (channels-last) terms, its layout. */
export interface Value {
  name: string;
  shape: number[];
  layout: Layout;
}

export type AttributeValue = number | number[] | string | { float: number };

const NHWC_TO_NCHW = [0, 3, 1, 2];
const NCHW_TO_NHWC = [0, 2, 3, 1];

function attribute(name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const type = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: type.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: type.INTS, ints: value };
  if (typeof value === 'object') return { name, type: type.FLOAT, f: value.float };
  return { name, type: type.INT, i: value };
}

function valueInfo(name: string, dims: (number | string)[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

export class OnnxGraphBuilder {
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly graphInputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly graphOutputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly transposed = new Map<string, Value>();
  private readonly usedNames = new Set<string>();

  /** A name not used yet in this graph, from `base`. */
  uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.usedNames.has(name); i++) name = `${base}_${i}`;
    this.usedNames.add(name);
    return name;
  }

  /** A graph input of shape [batch, ...shape], the batch dimension left open. */
  input(name: string, shape: number[]): Value {
    this.usedNames.add(name);
    this.graphInputs.push(valueInfo(name, ['batch', ...shape]));
    return { name, shape, layout: 'channels_last' };
  }

  /** Marks `value` as a graph output named `name` (channels-last, as aekit gives it). */
  output(name: string, value: Value): void {
    const last = this.inLayout(value, 'channels_last');
    this.usedNames.add(name);
    this.node('Identity', [last.name], [name], {}, `${name}_output`);
    this.graphOutputs.push(valueInfo(name, ['batch', ...value.shape]));
  }

  floatConstant(base: string, shape: number[], values: Float32Array): string {
    const name = this.uniqueName(base);
    const raw = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
    this.initializers.push({ name, dims: shape, dataType: onnx.TensorProto.DataType.FLOAT, rawData: Uint8Array.from(raw) });
    return name;
  }

  intConstant(base: string, values: number[]): string {
    const name = this.uniqueName(base);
    this.initializers.push({ name, dims: [values.length], dataType: onnx.TensorProto.DataType.INT64, int64Data: values });
    return name;
  }

  /** Adds a node; returns its output names. An input name '' stands for an omitted optional input. */
  node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, AttributeValue> = {}, nodeName?: string): string[] {
    this.nodes.push({
      opType,
      name: this.uniqueName(nodeName ?? outputs[0]!),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return outputs;
  }

  /** One-output node producing a new value with the given shape and layout. */
  apply(opType: string, inputs: string[], base: string, shape: number[], layout: Layout, attributes: Record<string, AttributeValue> = {}): Value {
    const name = this.uniqueName(base);
    this.node(opType, inputs, [name], attributes);
    return { name, shape, layout };
  }

  /** The value in the wanted layout (only 4-D values, images, have a channels-first form). */
  inLayout(value: Value, layout: Layout): Value {
    if (value.layout === layout || value.shape.length !== 3) return value;
    const key = `${value.name}->${layout}`;
    const cached = this.transposed.get(key);
    if (cached) return cached;
    const perm = layout === 'channels_first' ? NHWC_TO_NCHW : NCHW_TO_NHWC;
    const result = this.apply('Transpose', [value.name], `${value.name}_${layout === 'channels_first' ? 'nchw' : 'nhwc'}`, value.shape, layout, { perm });
    this.transposed.set(key, result);
    return result;
  }

  /** The model as ONNX protobuf bytes. */
  encode(options: { graphName: string; opset: number; producerVersion: string; metadata: Record<string, string>; docString: string }): Uint8Array {
    const model = onnx.ModelProto.fromObject({
      // IR version 8 is the one ONNX 1.10-1.12 write, and it carries opsets up to 17.
      irVersion: 8,
      opsetImport: [{ domain: '', version: options.opset }],
      producerName: 'aekit',
      producerVersion: options.producerVersion,
      docString: options.docString,
      graph: { name: options.graphName, node: this.nodes, initializer: this.initializers, input: this.graphInputs, output: this.graphOutputs },
      metadataProps: Object.entries(options.metadata).map(([key, value]) => ({ key, value })),
    });
    return onnx.ModelProto.encode(model).finish();
  }
}
