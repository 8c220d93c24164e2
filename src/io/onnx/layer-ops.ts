/**
 * Each Keras layer class as ONNX operations (opset 17). A converter reads the layer's Keras 2
 * config and weights, adds nodes to the builder and returns the output value with its shape. Any
 * option ONNX cannot express the same way throws an error naming the layer: an export is the
 * same model or no model.
 */
import type { LayerSpec, WeightArray } from '../export/layer-graph.js';
import type { OnnxGraphBuilder, Value } from './onnx-builder.js';

export interface ConvertContext {
  builder: OnnxGraphBuilder;
  layer: LayerSpec;
  weights: WeightArray[];
}

export type LayerConverter = (context: ConvertContext, inputs: Value[]) => Value;

export function layerError(layer: LayerSpec, message: string): Error {
  return new Error(`layer '${layer.name}' (${layer.className}): ${message}`);
}

function pair(layer: LayerSpec, key: string, fallback?: number[]): [number, number] {
  const raw = layer.config[key] ?? fallback;
  const value = typeof raw === 'number' ? [raw, raw] : raw;
  if (!Array.isArray(value) || value.length !== 2 || !value.every((v) => Number.isInteger(v))) {
    throw layerError(layer, `option '${key}' must be one or two whole numbers, found ${JSON.stringify(raw)}`);
  }
  return [value[0] as number, value[1] as number];
}

/** [[top, bottom], [left, right]] from Keras's int, [h, w] or [[t, b], [l, r]] forms. */
function edges(layer: LayerSpec, key: string): [[number, number], [number, number]] {
  const raw = layer.config[key];
  if (typeof raw === 'number') return [[raw, raw], [raw, raw]];
  if (Array.isArray(raw) && raw.length === 2 && raw.every((v) => typeof v === 'number')) {
    const [h, w] = raw as [number, number];
    return [[h, h], [w, w]];
  }
  if (Array.isArray(raw) && raw.length === 2 && raw.every((v) => Array.isArray(v) && v.length === 2)) return raw as [[number, number], [number, number]];
  throw layerError(layer, `option '${key}' must be an int, [height, width] or [[top, bottom], [left, right]], found ${JSON.stringify(raw)}`);
}

function requireChannelsLast(layer: LayerSpec): void {
  const format = layer.config['data_format'];
  if (format !== undefined && format !== null && format !== 'channels_last') {
    throw layerError(layer, `data_format '${String(format)}' is not exported (aekit models are channels_last)`);
  }
}

function requireRank(layer: LayerSpec, input: Value, rank: number): void {
  if (input.shape.length !== rank) throw layerError(layer, `expects inputs of rank ${rank + 1} (with the batch), found shape [batch, ${input.shape.join(', ')}]`);
}

function onlyInput(layer: LayerSpec, inputs: Value[]): Value {
  if (inputs.length !== 1) throw layerError(layer, `expects one input, found ${inputs.length}`);
  return inputs[0]!;
}

function weightsOf(context: ConvertContext, count: number, what: string): WeightArray[] {
  if (context.weights.length !== count) throw layerError(context.layer, `expects ${count} weight arrays (${what}), found ${context.weights.length}`);
  return context.weights;
}

/** x with the axes permuted (the values of a weight array, as ONNX wants its layout). */
function transposeArray(array: WeightArray, perm: number[]): WeightArray {
  const { shape, values } = array;
  const outShape = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(values.length);
  const index = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let source = 0;
    for (let d = 0; d < perm.length; d++) source += index[d]! * strides[perm[d]!]!;
    out[o] = values[source]!;
    for (let d = perm.length - 1; d >= 0; d--) {
      if (++index[d]! < outShape[d]!) break;
      index[d] = 0;
    }
  }
  return { shape: outShape, values: out };
}

/** Keras's output length and (begin, end) padding of a window over `size` values. */
function windowPadding(layer: LayerSpec, size: number, kernel: number, stride: number, dilation: number): { out: number; begin: number; end: number } {
  const span = (kernel - 1) * dilation + 1;
  const padding = layer.config['padding'] ?? 'valid';
  if (padding === 'valid') return { out: Math.floor((size - span) / stride) + 1, begin: 0, end: 0 };
  if (padding === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + span - size, 0);
    return { out, begin: Math.floor(total / 2), end: total - Math.floor(total / 2) };
  }
  throw layerError(layer, `padding '${String(padding)}' is not exported (expected 'valid' or 'same')`);
}

const ACTIVATION_OPS: Record<string, string | null> = {
  linear: null,
  relu: 'Relu',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  elu: 'Elu',
  // Keras's selu constants are ONNX Selu's defaults.
  selu: 'Selu',
  softplus: 'Softplus',
  softmax: 'Softmax',
};

function activationName(layer: LayerSpec): string {
  const raw = layer.config['activation'] ?? 'linear';
  return typeof raw === 'string' ? raw : JSON.stringify(raw);
}

/** Applies the layer's `activation` option. */
export function applyActivation(context: ConvertContext, value: Value, name = activationName(context.layer)): Value {
  if (!(name in ACTIVATION_OPS)) {
    throw layerError(context.layer, `activation '${name}' is not exported (supported: ${Object.keys(ACTIVATION_OPS).join(', ')})`);
  }
  const op = ACTIVATION_OPS[name];
  if (!op) return value;
  // Softmax runs over the last axis, which is the channels only in the channels-last layout.
  const input = op === 'Softmax' ? context.builder.inLayout(value, 'channels_last') : value;
  return context.builder.apply(op, [input.name], `${context.layer.name}_${name}`, input.shape, input.layout);
}

function kernelAndBias(context: ConvertContext, useBias: boolean): { kernel: WeightArray; bias: WeightArray | null } {
  const arrays = weightsOf(context, useBias ? 2 : 1, useBias ? 'kernel, bias' : 'kernel');
  return { kernel: arrays[0]!, bias: useBias ? arrays[1]! : null };
}

const dense: LayerConverter = (context, inputs) => {
  const { builder, layer } = context;
  const input = onlyInput(layer, inputs);
  requireRank(layer, input, 1);
  const useBias = layer.config['use_bias'] !== false;
  const { kernel, bias } = kernelAndBias(context, useBias);
  const units = kernel.shape[1]!;
  const w = builder.floatConstant(`${layer.name}_kernel`, kernel.shape, kernel.values);
  const linear = bias
    ? builder.apply('Gemm', [input.name, w, builder.floatConstant(`${layer.name}_bias`, bias.shape, bias.values)], `${layer.name}_linear`, [units], 'channels_last')
    : builder.apply('MatMul', [input.name, w], `${layer.name}_linear`, [units], 'channels_last');
  return applyActivation(context, linear);
};

function convolution(context: ConvertContext, inputs: Value[], transpose: boolean): Value {
  const { builder, layer } = context;
  requireChannelsLast(layer);
  const input = builder.inLayout(onlyInput(layer, inputs), 'channels_first');
  requireRank(layer, input, 3);
  const [kh, kw] = pair(layer, 'kernel_size');
  const strides = pair(layer, 'strides', [1, 1]);
  const dilations = pair(layer, 'dilation_rate', [1, 1]);
  const groups = layer.config['groups'];
  if (groups !== undefined && groups !== 1) throw layerError(layer, `groups ${String(groups)} is not exported`);
  const useBias = layer.config['use_bias'] !== false;
  const { kernel, bias } = kernelAndBias(context, useBias);
  const [h, w] = input.shape as [number, number, number];
  const filters = transpose ? kernel.shape[2]! : kernel.shape[3]!;
  const attributes: Record<string, number[]> = { kernel_shape: [kh, kw], strides, dilations };
  let outH: number;
  let outW: number;
  if (!transpose) {
    const [ph, pw] = [windowPadding(layer, h, kh, strides[0], dilations[0]), windowPadding(layer, w, kw, strides[1], dilations[1])];
    [outH, outW] = [ph.out, pw.out];
    attributes['pads'] = [ph.begin, pw.begin, ph.end, pw.end];
  } else {
    if (layer.config['output_padding'] !== undefined && layer.config['output_padding'] !== null) {
      throw layerError(layer, `output_padding ${JSON.stringify(layer.config['output_padding'])} is not exported`);
    }
    // Keras's length: 'same' size * stride, 'valid' size * stride + max(kernel - stride, 0). The
    // transposed convolution is the adjoint of a convolution over that length with its padding.
    const lengths = [h, w].map((size, axis) => {
      const k = [kh, kw][axis]!;
      const s = strides[axis]!;
      const d = dilations[axis]!;
      const span = (k - 1) * d + 1;
      const out = layer.config['padding'] === 'same' ? size * s : size * s + Math.max(span - s, 0);
      const pads = windowPadding(layer, out, k, s, d);
      const natural = s * (size - 1) + span - pads.begin - pads.end;
      return { out, pads, extra: out - natural };
    });
    [outH, outW] = [lengths[0]!.out, lengths[1]!.out];
    attributes['pads'] = [lengths[0]!.pads.begin, lengths[1]!.pads.begin, lengths[0]!.pads.end, lengths[1]!.pads.end];
    if (lengths.some((l) => l.extra !== 0)) attributes['output_padding'] = lengths.map((l) => l.extra);
  }
  // Keras kernels: Conv2D [kh, kw, in, out] and Conv2DTranspose [kh, kw, out, in]; ONNX: Conv
  // [out, in, kh, kw] and ConvTranspose [in, out, kh, kw]: the same permutation for both.
  const onnxKernel = transposeArray(kernel, [3, 2, 0, 1]);
  const operands = [input.name, builder.floatConstant(`${layer.name}_kernel`, onnxKernel.shape, onnxKernel.values)];
  if (bias) operands.push(builder.floatConstant(`${layer.name}_bias`, bias.shape, bias.values));
  const out = builder.apply(transpose ? 'ConvTranspose' : 'Conv', operands, `${layer.name}_conv`, [outH, outW, filters], 'channels_first', attributes);
  return applyActivation(context, out);
}

const maxPooling: LayerConverter = (context, inputs) => {
  const { builder, layer } = context;
  requireChannelsLast(layer);
  const input = builder.inLayout(onlyInput(layer, inputs), 'channels_first');
  requireRank(layer, input, 3);
  const [kh, kw] = pair(layer, 'pool_size', [2, 2]);
  const strides = layer.config['strides'] === null || layer.config['strides'] === undefined ? [kh, kw] : pair(layer, 'strides');
  const [h, w, c] = input.shape as [number, number, number];
  const ph = windowPadding(layer, h, kh, strides[0]!, 1);
  const pw = windowPadding(layer, w, kw, strides[1]!, 1);
  return builder.apply('MaxPool', [input.name], `${layer.name}_pool`, [ph.out, pw.out, c], 'channels_first', {
    kernel_shape: [kh, kw],
    strides,
    pads: [ph.begin, pw.begin, ph.end, pw.end],
  });
};

const upSampling: LayerConverter = (context, inputs) => {
  const { builder, layer } = context;
  requireChannelsLast(layer);
  const interpolation = layer.config['interpolation'] ?? 'nearest';
  if (interpolation !== 'nearest') throw layerError(layer, `interpolation '${String(interpolation)}' is not exported (only 'nearest')`);
  const input = builder.inLayout(onlyInput(layer, inputs), 'channels_first');
  requireRank(layer, input, 3);
  const [sh, sw] = pair(layer, 'size', [2, 2]);
  const [h, w, c] = input.shape as [number, number, number];
  // Nearest with 'asymmetric' coordinates and 'floor' rounding repeats each pixel sh x sw times, as Keras does.
  const scales = builder.floatConstant(`${layer.name}_scales`, [4], Float32Array.from([1, 1, sh, sw]));
  return builder.apply('Resize', [input.name, '', scales], `${layer.name}_resize`, [h * sh, w * sw, c], 'channels_first', {
    mode: 'nearest',
    coordinate_transformation_mode: 'asymmetric',
    nearest_mode: 'floor',
  });
};

const leakyRelu: LayerConverter = (context, inputs) => {
  const input = onlyInput(context.layer, inputs);
  const alpha = context.layer.config['alpha'] ?? context.layer.config['negative_slope'] ?? 0.3;
  if (typeof alpha !== 'number') throw layerError(context.layer, `alpha must be a number, found ${JSON.stringify(alpha)}`);
  return context.builder.apply('LeakyRelu', [input.name], `${context.layer.name}_leaky`, input.shape, input.layout, { alpha: { float: alpha } });
};

const batchNormalization: LayerConverter = (context, inputs) => {
  const { builder, layer } = context;
  const raw = onlyInput(layer, inputs);
  const rank = raw.shape.length + 1;
  const axisOption = layer.config['axis'];
  const axis = Array.isArray(axisOption) && axisOption.length === 1 ? axisOption[0] : axisOption;
  if (axis !== -1 && axis !== rank - 1) throw layerError(layer, `axis ${JSON.stringify(axisOption)} is not exported (only the last, channel axis)`);
  const center = layer.config['center'] !== false;
  const scale = layer.config['scale'] !== false;
  const arrays = weightsOf(context, 2 + Number(center) + Number(scale), 'gamma, beta, moving mean, moving variance');
  const channels = arrays.at(-1)!.shape[0]!;
  let next = 0;
  const gamma = scale ? arrays[next++]! : { shape: [channels], values: new Float32Array(channels).fill(1) };
  const beta = center ? arrays[next++]! : { shape: [channels], values: new Float32Array(channels) };
  const [mean, variance] = [arrays[next]!, arrays[next + 1]!];
  const epsilon = Number(layer.config['epsilon'] ?? 1e-3);
  // ONNX's BatchNormalization normalises axis 1: the channels of NCHW images, or the features of [batch, features].
  const input = rank === 4 ? builder.inLayout(raw, 'channels_first') : raw;
  if (rank !== 4 && rank !== 2) throw layerError(layer, `inputs of rank ${rank} are not exported (only images and vectors)`);
  const operands = [gamma, beta, mean, variance].map((array, i) => builder.floatConstant(`${layer.name}_${['gamma', 'beta', 'mean', 'variance'][i]}`, array.shape, array.values));
  return builder.apply('BatchNormalization', [input.name, ...operands], `${layer.name}_bn`, input.shape, input.layout, { epsilon: { float: epsilon } });
};

const zeroPadding: LayerConverter = (context, inputs) => {
  const { builder, layer } = context;
  requireChannelsLast(layer);
  const input = builder.inLayout(onlyInput(layer, inputs), 'channels_first');
  requireRank(layer, input, 3);
  const [[top, bottom], [left, right]] = edges(layer, 'padding');
  const [h, w, c] = input.shape as [number, number, number];
  const pads = builder.intConstant(`${layer.name}_pads`, [0, 0, top, left, 0, 0, bottom, right]);
  return builder.apply('Pad', [input.name, pads], `${layer.name}_pad`, [h + top + bottom, w + left + right, c], 'channels_first');
};

const cropping: LayerConverter = (context, inputs) => {
  const { builder, layer } = context;
  requireChannelsLast(layer);
  const input = builder.inLayout(onlyInput(layer, inputs), 'channels_first');
  requireRank(layer, input, 3);
  const [[top, bottom], [left, right]] = edges(layer, 'cropping');
  const [h, w, c] = input.shape as [number, number, number];
  const starts = builder.intConstant(`${layer.name}_starts`, [top, left]);
  const ends = builder.intConstant(`${layer.name}_ends`, [h - bottom, w - right]);
  const axes = builder.intConstant(`${layer.name}_axes`, [2, 3]);
  return builder.apply('Slice', [input.name, starts, ends, axes], `${layer.name}_crop`, [h - top - bottom, w - left - right, c], 'channels_first');
};

const flatten: LayerConverter = (context, inputs) => {
  requireChannelsLast(context.layer);
  // Keras flattens in channels-last order.
  const input = context.builder.inLayout(onlyInput(context.layer, inputs), 'channels_last');
  if (input.shape.length === 1) return input;
  const size = input.shape.reduce((a, b) => a * b, 1);
  return context.builder.apply('Flatten', [input.name], `${context.layer.name}_flat`, [size], 'channels_last', { axis: 1 });
};

const reshape: LayerConverter = (context, inputs) => {
  const { builder, layer } = context;
  const input = builder.inLayout(onlyInput(layer, inputs), 'channels_last');
  const target = layer.config['target_shape'];
  if (!Array.isArray(target) || !target.every((d) => Number.isInteger(d))) throw layerError(layer, `target_shape must be a list of whole numbers, found ${JSON.stringify(target)}`);
  const size = input.shape.reduce((a, b) => a * b, 1);
  const known = (target as number[]).filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const shape = (target as number[]).map((d) => (d === -1 ? size / known : d));
  if (shape.reduce((a, b) => a * b, 1) !== size) throw layerError(layer, `cannot reshape [${input.shape.join(', ')}] to [${target.join(', ')}]`);
  // 0 keeps the (open) batch dimension.
  const shapeConstant = builder.intConstant(`${layer.name}_shape`, [0, ...shape]);
  return builder.apply('Reshape', [input.name, shapeConstant], `${layer.name}_reshape`, shape, 'channels_last');
};

const concatenate: LayerConverter = (context, inputs) => {
  const { builder, layer } = context;
  if (inputs.length < 2) throw layerError(layer, `expects at least two inputs, found ${inputs.length}`);
  const rank = inputs[0]!.shape.length + 1;
  const axis = Number(layer.config['axis'] ?? -1);
  if (axis !== -1 && axis !== rank - 1) throw layerError(layer, `axis ${axis} is not exported (only the last, channel axis)`);
  const layout = rank === 4 ? 'channels_first' : 'channels_last';
  const parts = inputs.map((input) => builder.inLayout(input, layout));
  const channels = parts.reduce((sum, part) => sum + part.shape.at(-1)!, 0);
  return builder.apply('Concat', parts.map((p) => p.name), `${layer.name}_concat`, [...parts[0]!.shape.slice(0, -1), channels], layout, {
    axis: layout === 'channels_first' ? 1 : -1,
  });
};

const activation: LayerConverter = (context, inputs) => applyActivation(context, onlyInput(context.layer, inputs));

/** Dropout and friends do nothing at inference. */
const identity: LayerConverter = (context, inputs) => onlyInput(context.layer, inputs);

export const LAYER_CONVERTERS: Record<string, LayerConverter> = {
  Dense: dense,
  Conv2D: (context, inputs) => convolution(context, inputs, false),
  Conv2DTranspose: (context, inputs) => convolution(context, inputs, true),
  MaxPooling2D: maxPooling,
  UpSampling2D: upSampling,
  LeakyReLU: leakyRelu,
  BatchNormalization: batchNormalization,
  ZeroPadding2D: zeroPadding,
  Cropping2D: cropping,
  Flatten: flatten,
  Reshape: reshape,
  Concatenate: concatenate,
  Activation: activation,
  Dropout: identity,
};
