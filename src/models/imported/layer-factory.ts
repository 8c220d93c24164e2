/**
 * A tfjs-layers layer from a LayerSpec (Keras 2 config), for the layers aekit imports from Keras.
 * Dense, Conv2D and BatchNormalization are aekit's own (the fused kernels on the native engine).
 * An option tfjs cannot honour is an error naming the layer.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import * as layers from '../layers/index.js';
import { batchNormalization } from '../layers/batch-normalization.js';
import type { ConvLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/convolutional.js';
import type { LayerSpec } from './layer-spec.js';

/** Keras activation names that tfjs-layers knows under the same name. */
const ACTIVATIONS = ['relu', 'sigmoid', 'linear', 'tanh', 'elu', 'selu', 'softplus', 'softmax', 'softsign', 'relu6', 'swish', 'mish'] as const;
type ActivationName = (typeof ACTIVATIONS)[number];

function fail(spec: LayerSpec, message: string): never {
  throw new Error(`layer '${spec.name}' (${spec.className}): ${message}`);
}

function activation(spec: LayerSpec): ActivationName {
  const name = spec.config['activation'] ?? 'linear';
  if (typeof name !== 'string' || !(ACTIVATIONS as readonly string[]).includes(name)) fail(spec, `activation ${JSON.stringify(name)} is not supported (expected one of ${ACTIVATIONS.join(', ')})`);
  return name as ActivationName;
}

function intPair(spec: LayerSpec, key: string, fallback?: [number, number]): [number, number] {
  const value = spec.config[key] ?? fallback;
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v > 0)) fail(spec, `option '${key}' must be one or two whole numbers, found ${JSON.stringify(value)}`);
  return pair as [number, number];
}

function padding(spec: LayerSpec): 'valid' | 'same' {
  const value = spec.config['padding'] ?? 'valid';
  if (value !== 'valid' && value !== 'same') fail(spec, `padding ${JSON.stringify(value)} is not supported (expected 'valid' or 'same')`);
  return value;
}

function channelsLast(spec: LayerSpec): void {
  const format = spec.config['data_format'];
  if (format !== undefined && format !== null && format !== 'channels_last') fail(spec, `data_format ${JSON.stringify(format)} is not supported (only channels_last)`);
}

function edges(spec: LayerSpec, key: string): [[number, number], [number, number]] {
  const value = spec.config[key];
  if (typeof value === 'number') return [[value, value], [value, value]];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) return [[value[0], value[0]], [value[1], value[1]]] as [[number, number], [number, number]];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => Array.isArray(v) && v.length === 2 && v.every((n) => Number.isInteger(n)))) return value as [[number, number], [number, number]];
  fail(spec, `option '${key}' must be an int, [height, width] or [[top, bottom], [left, right]], found ${JSON.stringify(value)}`);
}

function convArgs(spec: LayerSpec): ConvLayerArgs {
  channelsLast(spec);
  const filters = spec.config['filters'];
  if (!Number.isInteger(filters)) fail(spec, `option 'filters' must be a whole number, found ${JSON.stringify(filters)}`);
  return {
    name: spec.name,
    filters: filters as number,
    kernelSize: intPair(spec, 'kernel_size'),
    strides: intPair(spec, 'strides', [1, 1]),
    padding: padding(spec),
    dilationRate: intPair(spec, 'dilation_rate', [1, 1]),
    activation: activation(spec),
    useBias: spec.config['use_bias'] !== false,
  };
}

const FACTORIES: Record<string, (spec: LayerSpec) => tfl.layers.Layer> = {
  Dense: (spec) => {
    const units = spec.config['units'];
    if (!Number.isInteger(units)) fail(spec, `option 'units' must be a whole number, found ${JSON.stringify(units)}`);
    return layers.dense({ name: spec.name, units: units as number, activation: activation(spec), useBias: spec.config['use_bias'] !== false });
  },
  Conv2D: (spec) => {
    const groups = spec.config['groups'];
    if (groups !== undefined && groups !== 1) fail(spec, `groups ${JSON.stringify(groups)} is not supported`);
    return layers.conv2d(convArgs(spec));
  },
  Conv2DTranspose: (spec) => {
    const outputPadding = spec.config['output_padding'];
    if (outputPadding !== undefined && outputPadding !== null) fail(spec, `output_padding ${JSON.stringify(outputPadding)} is not supported`);
    return layers.conv2dTranspose(convArgs(spec));
  },
  MaxPooling2D: (spec) => {
    channelsLast(spec);
    const poolSize = intPair(spec, 'pool_size', [2, 2]);
    const strides = spec.config['strides'] === null || spec.config['strides'] === undefined ? poolSize : intPair(spec, 'strides');
    return tfl.layers.maxPooling2d({ name: spec.name, poolSize, strides, padding: padding(spec) });
  },
  UpSampling2D: (spec) => {
    channelsLast(spec);
    const interpolation = spec.config['interpolation'] ?? 'nearest';
    if (interpolation !== 'nearest' && interpolation !== 'bilinear') fail(spec, `interpolation ${JSON.stringify(interpolation)} is not supported`);
    return tfl.layers.upSampling2d({ name: spec.name, size: intPair(spec, 'size', [2, 2]), interpolation });
  },
  BatchNormalization: (spec) => {
    const axisOption = spec.config['axis'] ?? -1;
    const axis = Array.isArray(axisOption) && axisOption.length === 1 ? axisOption[0] : axisOption;
    if (!Number.isInteger(axis)) fail(spec, `axis ${JSON.stringify(axisOption)} is not supported (one axis)`);
    return batchNormalization({
      name: spec.name,
      axis: axis as number,
      momentum: Number(spec.config['momentum'] ?? 0.99),
      epsilon: Number(spec.config['epsilon'] ?? 1e-3),
      center: spec.config['center'] !== false,
      scale: spec.config['scale'] !== false,
    });
  },
  LeakyReLU: (spec) => tfl.layers.leakyReLU({ name: spec.name, alpha: Number(spec.config['alpha'] ?? 0.3) }),
  ZeroPadding2D: (spec) => {
    channelsLast(spec);
    return tfl.layers.zeroPadding2d({ name: spec.name, padding: edges(spec, 'padding') });
  },
  Cropping2D: (spec) => {
    channelsLast(spec);
    return tfl.layers.cropping2D({ name: spec.name, cropping: edges(spec, 'cropping') });
  },
  Flatten: (spec) => {
    channelsLast(spec);
    return tfl.layers.flatten({ name: spec.name });
  },
  Reshape: (spec) => {
    const target = spec.config['target_shape'];
    if (!Array.isArray(target) || !target.every((d) => Number.isInteger(d))) fail(spec, `target_shape must be a list of whole numbers, found ${JSON.stringify(target)}`);
    return tfl.layers.reshape({ name: spec.name, targetShape: target as number[] });
  },
  Concatenate: (spec) => tfl.layers.concatenate({ name: spec.name, axis: Number(spec.config['axis'] ?? -1) }),
  Activation: (spec) => tfl.layers.activation({ name: spec.name, activation: activation(spec) }),
  Dropout: (spec) => tfl.layers.dropout({ name: spec.name, rate: Number(spec.config['rate'] ?? 0) }),
};

export function layerFromSpec(spec: LayerSpec): tfl.layers.Layer {
  const make = FACTORIES[spec.className];
  if (!make) fail(spec, `this layer type is not supported (supported: InputLayer, ${Object.keys(FACTORIES).join(', ')})`);
  return make(spec);
}
