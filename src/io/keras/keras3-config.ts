/**
 * A LayerGraph as Keras 3's config.json: a Functional model whose layers are all standard Keras
 * layers ({module: 'keras.layers', class_name, config, registered_name: null, build_config,
 * inbound_nodes}), so `keras.saving.load_model` rebuilds it with no custom objects. Keras 2 option
 * names become Keras 3's (LeakyReLU alpha -> negative_slope, InputLayer batch_input_shape ->
 * batch_shape); only options every Keras 3 release accepts are written.
 */
import type { LayerGraph, LayerSpec, TensorRef } from '../export/layer-graph.js';

type Json = Record<string, unknown>;
type Shape = (number | null)[];

function keras(module: string, className: string, config: Json = {}): Json {
  return { module, class_name: className, config, registered_name: null };
}

const GLOROT = (): Json => keras('keras.initializers', 'GlorotUniform', { seed: null });
const ZEROS = (): Json => keras('keras.initializers', 'Zeros');
const ONES = (): Json => keras('keras.initializers', 'Ones');

function pick(layer: LayerSpec, keys: string[], defaults: Json = {}): Json {
  const out: Json = {};
  for (const key of keys) out[key] = layer.config[key] ?? defaults[key] ?? null;
  return out;
}

function error(layer: LayerSpec, message: string): Error {
  return new Error(`layer '${layer.name}' (${layer.className}): ${message}`);
}

const DENSE_REGULARIZERS = { kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null };
const CONV_REGULARIZERS = { ...DENSE_REGULARIZERS, activity_regularizer: null };

function activationOf(layer: LayerSpec): string {
  const activation = layer.config['activation'] ?? 'linear';
  if (typeof activation !== 'string') throw error(layer, `activation ${JSON.stringify(activation)} is not a standard Keras activation name`);
  return activation;
}

/** Keras 3 config of each supported layer class (besides name, trainable, dtype). */
const LAYER_CONFIGS: Record<string, (layer: LayerSpec) => Json> = {
  Dense: (layer) => ({
    units: layer.config['units'],
    activation: activationOf(layer),
    use_bias: layer.config['use_bias'] !== false,
    kernel_initializer: GLOROT(),
    bias_initializer: ZEROS(),
    ...DENSE_REGULARIZERS,
  }),
  Conv2D: (layer) => ({
    ...pick(layer, ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate'], { strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1] }),
    groups: layer.config['groups'] ?? 1,
    activation: activationOf(layer),
    use_bias: layer.config['use_bias'] !== false,
    kernel_initializer: GLOROT(),
    bias_initializer: ZEROS(),
    ...CONV_REGULARIZERS,
  }),
  Conv2DTranspose: (layer) => ({
    ...pick(layer, ['filters', 'kernel_size', 'strides', 'padding', 'output_padding', 'data_format', 'dilation_rate'], { strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1] }),
    activation: activationOf(layer),
    use_bias: layer.config['use_bias'] !== false,
    kernel_initializer: GLOROT(),
    bias_initializer: ZEROS(),
    ...CONV_REGULARIZERS,
  }),
  MaxPooling2D: (layer) => pick(layer, ['pool_size', 'padding', 'strides', 'data_format'], { pool_size: [2, 2], padding: 'valid', data_format: 'channels_last' }),
  UpSampling2D: (layer) => pick(layer, ['size', 'data_format', 'interpolation'], { size: [2, 2], data_format: 'channels_last', interpolation: 'nearest' }),
  LeakyReLU: (layer) => ({ negative_slope: layer.config['alpha'] ?? layer.config['negative_slope'] ?? 0.3 }),
  BatchNormalization: (layer) => {
    const axis = Array.isArray(layer.config['axis']) ? (layer.config['axis'] as number[])[0] : layer.config['axis'];
    return {
      axis: axis ?? -1,
      ...pick(layer, ['momentum', 'epsilon', 'center', 'scale'], { momentum: 0.99, epsilon: 1e-3, center: true, scale: true }),
      beta_initializer: ZEROS(),
      gamma_initializer: ONES(),
      moving_mean_initializer: ZEROS(),
      moving_variance_initializer: ONES(),
      beta_regularizer: null,
      gamma_regularizer: null,
      beta_constraint: null,
      gamma_constraint: null,
      synchronized: false,
    };
  },
  ZeroPadding2D: (layer) => pick(layer, ['padding', 'data_format'], { data_format: 'channels_last' }),
  Cropping2D: (layer) => pick(layer, ['cropping', 'data_format'], { data_format: 'channels_last' }),
  Flatten: (layer) => pick(layer, ['data_format'], { data_format: 'channels_last' }),
  Reshape: (layer) => pick(layer, ['target_shape']),
  Concatenate: (layer) => ({ axis: layer.config['axis'] ?? -1 }),
  Activation: (layer) => ({ activation: activationOf(layer) }),
  Dropout: (layer) => ({ rate: layer.config['rate'] ?? 0, seed: null, noise_shape: null }),
};

export const KERAS3_LAYER_CLASSES = ['InputLayer', ...Object.keys(LAYER_CONFIGS)];

function inputShapeOf(layer: LayerSpec): Shape {
  const shape = layer.config['batch_input_shape'] ?? layer.config['batch_shape'];
  if (!Array.isArray(shape)) throw error(layer, `expected batch_input_shape, found ${JSON.stringify(shape)}`);
  return shape as Shape;
}

function kerasTensor(shape: Shape, ref: TensorRef): Json {
  return { class_name: '__keras_tensor__', config: { shape, dtype: 'float32', keras_history: [...ref] } };
}

function refsJson(refs: TensorRef[]): unknown {
  return refs.length === 1 ? [...refs[0]!] : refs.map((ref) => [...ref]);
}

export function keras3Config(graph: LayerGraph): Json {
  const shapes = new Map<string, Shape>();
  const layers = graph.layers.map((layer) => {
    if (layer.className === 'InputLayer') {
      const shape = inputShapeOf(layer);
      shapes.set(layer.name, shape);
      return { ...keras('keras.layers', 'InputLayer', { batch_shape: shape, dtype: 'float32', sparse: false, name: layer.name }), name: layer.name, inbound_nodes: [] };
    }
    const configOf = LAYER_CONFIGS[layer.className];
    if (!configOf) throw error(layer, `this layer type has no standard Keras 3 equivalent that aekit writes (supported: ${KERAS3_LAYER_CLASSES.join(', ')})`);
    if (layer.inboundNodes.length !== 1) throw error(layer, `is called ${layer.inboundNodes.length} times in this model; only layers called once are written`);
    if (!layer.outputShape) throw error(layer, 'its output shape is unknown');
    const node = layer.inboundNodes[0]!;
    const inputShapes = node.map(([source]) => {
      const shape = shapes.get(source);
      if (!shape) throw error(layer, `reads '${source}', which comes later or not at all`);
      return shape;
    });
    shapes.set(layer.name, layer.outputShape);
    const tensors = node.map((ref, i) => kerasTensor(inputShapes[i]!, ref));
    const many = layer.className === 'Concatenate';
    return {
      ...keras('keras.layers', layer.className, { name: layer.name, trainable: true, dtype: 'float32', ...configOf(layer) }),
      build_config: { input_shape: many ? inputShapes : inputShapes[0] },
      name: layer.name,
      inbound_nodes: [{ args: many ? [tensors] : tensors, kwargs: {} }],
    };
  });
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: { name: graph.name, trainable: true, layers, input_layers: refsJson(graph.inputs), output_layers: refsJson(graph.outputs) },
    registered_name: 'Functional',
    build_config: { input_shape: null },
    compile_config: null,
  };
}
