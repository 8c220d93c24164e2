/**
 * The Keras layers aekit imports, and each one's config reduced to the options that change what
 * the layer computes, under Keras 2's names (what the rest of aekit reads): Keras 3's
 * `batch_shape` becomes `batch_input_shape`, LeakyReLU's `negative_slope` becomes `alpha`;
 * initializers, regularizers and dtype policies are dropped (the weights come from the file).
 */
type Json = Record<string, unknown>;

const CONV_KEYS = ['filters', 'kernel_size', 'strides', 'padding', 'data_format', 'dilation_rate', 'activation', 'use_bias'];

const KEPT_OPTIONS: Record<string, string[]> = {
  InputLayer: [],
  Dense: ['units', 'activation', 'use_bias'],
  Conv2D: [...CONV_KEYS, 'groups'],
  Conv2DTranspose: [...CONV_KEYS, 'output_padding'],
  MaxPooling2D: ['pool_size', 'strides', 'padding', 'data_format'],
  UpSampling2D: ['size', 'data_format', 'interpolation'],
  BatchNormalization: ['axis', 'momentum', 'epsilon', 'center', 'scale'],
  LeakyReLU: [],
  ZeroPadding2D: ['padding', 'data_format'],
  Cropping2D: ['cropping', 'data_format'],
  Flatten: ['data_format'],
  Reshape: ['target_shape'],
  Concatenate: ['axis'],
  Activation: ['activation'],
  Dropout: ['rate'],
};

export const IMPORTABLE_LAYERS = Object.keys(KEPT_OPTIONS);

/** The layer's config as aekit keeps it, or an error naming the layer when its class is not importable. */
export function canonicalLayerConfig(className: string, name: string, config: Json, where: string): Json {
  const kept = KEPT_OPTIONS[className];
  if (!kept) {
    throw new Error(`${where}: layer '${name}' is a ${className}, which aekit does not import (supported: ${IMPORTABLE_LAYERS.join(', ')}, and models nested from them)`);
  }
  const out: Json = { name, trainable: true, dtype: 'float32' };
  for (const key of kept) if (config[key] !== undefined) out[key] = config[key];
  if (className === 'LeakyReLU') out['alpha'] = config['alpha'] ?? config['negative_slope'] ?? 0.3;
  if (className === 'InputLayer') {
    const shape = config['batch_input_shape'] ?? config['batch_shape'] ?? (Array.isArray(config['shape']) ? [null, ...(config['shape'] as unknown[])] : undefined);
    if (!Array.isArray(shape)) throw new Error(`${where}: input layer '${name}' has no batch_shape or batch_input_shape`);
    out['batch_input_shape'] = shape;
  }
  // Keras 3 writes activations as names, Keras 2 too; a serialized function object keeps its name.
  const activation = out['activation'];
  if (activation && typeof activation === 'object' && typeof (activation as Json)['class_name'] === 'string') {
    out['activation'] = (activation as Json)['config'] && typeof ((activation as Json)['config'] as Json)['name'] === 'string' ? ((activation as Json)['config'] as Json)['name'] : (activation as Json)['class_name'];
  }
  return out;
}
