/**
 * The decoder as a model that stands on its own. A tied-weight decoder (TiedDense layers) reads
 * its kernels from the encoder, so its own model.json holds only biases and nothing outside aekit
 * (the dashboard's tf.loadLayersModel in the browser) can rebuild it. For saving, each TiedDense
 * becomes the equivalent Dense layer holding the transposed encoder kernel; any other decoder is
 * returned as it is.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { TiedDense } from '../models/variants/tied-dense.js';

interface LayerJson {
  class_name: string;
  config: Record<string, unknown>;
}

/** Returns the decoder itself, or a new untied copy the caller must dispose. */
export async function standaloneDecoder(decoder: tfl.LayersModel): Promise<{ model: tfl.LayersModel; owned: boolean }> {
  if (!decoder.layers.some((layer) => layer instanceof TiedDense)) return { model: decoder, owned: false };
  // Cast: toJSON returns tfjs's loose PyJson; a Sequential model's topology has this shape.
  const topology = decoder.toJSON(null, false) as unknown as { config: { layers: LayerJson[] } };
  for (const layer of topology.config.layers) {
    if (layer.class_name !== TiedDense.className) continue;
    const { name, units, activation } = layer.config;
    layer.class_name = 'Dense';
    layer.config = { name, units, activation, use_bias: true, trainable: true, dtype: 'float32' };
  }
  // Cast: back to the loose type modelFromJSON takes.
  const untied = (await tfl.models.modelFromJSON({ modelTopology: topology as unknown as tf.io.ModelJSON['modelTopology'] }));
  untied.layers.forEach((layer, i) => {
    const source = decoder.layers[i]!;
    if (source instanceof TiedDense) {
      const [kernel, bias] = source.tiedWeightValues();
      layer.setWeights([kernel, bias]);
      tf.dispose([kernel, bias]);
    } else {
      layer.setWeights(source.getWeights());
    }
  });
  return { model: untied, owned: true };
}
