/**
 * Seeded weight initialisation. tfjs-layers draws initial weights from an unseeded generator;
 * for reproducible runs we re-draw every random-initialised weight with the layer's own
 * initializer (same distribution, same config) and a seed taken from our `Random`.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { Random } from '../util/random.js';

import type * as tf from '@tensorflow/tfjs-core';

/** The part of a tfjs-layers Initializer we use (the class itself is not exported). */
interface Initializer {
  getClassName(): string;
  getConfig(): object;
  apply(shape: number[], dtype: 'float32'): tf.Tensor;
}

type InitializerFactory = (config: never) => Initializer;

const RANDOM_INITIALIZERS: Record<string, InitializerFactory> = {
  VarianceScaling: tfl.initializers.varianceScaling as InitializerFactory,
  GlorotUniform: tfl.initializers.varianceScaling as InitializerFactory,
  GlorotNormal: tfl.initializers.varianceScaling as InitializerFactory,
  HeNormal: tfl.initializers.varianceScaling as InitializerFactory,
  HeUniform: tfl.initializers.varianceScaling as InitializerFactory,
  LeCunNormal: tfl.initializers.varianceScaling as InitializerFactory,
  LeCunUniform: tfl.initializers.varianceScaling as InitializerFactory,
  RandomNormal: tfl.initializers.randomNormal as InitializerFactory,
  RandomUniform: tfl.initializers.randomUniform as InitializerFactory,
  TruncatedNormal: tfl.initializers.truncatedNormal as InitializerFactory,
  Orthogonal: tfl.initializers.orthogonal as InitializerFactory,
};

/** Weight attribute -> initializer attribute, as tfjs-layers names them on Dense/Conv layers. */
const INITIALIZED_WEIGHTS: [string, string][] = [
  ['kernel', 'kernelInitializer'],
  ['bias', 'biasInitializer'],
];

interface InitializableLayer {
  [key: string]: unknown;
}

export function seedInitialWeights(model: tfl.LayersModel, random: Random): void {
  for (const layer of model.layers) {
    // Cast: the weight and initializer fields are protected in tfjs-layers' typings; we read them by name.
    const fields = layer as unknown as InitializableLayer;
    for (const [weightKey, initKey] of INITIALIZED_WEIGHTS) {
      const weight = fields[weightKey] as tfl.LayerVariable | undefined | null;
      const initializer = fields[initKey] as Initializer | undefined;
      if (!weight || !initializer) continue;
      const factory = RANDOM_INITIALIZERS[initializer.getClassName()];
      if (!factory) continue; // zeros, ones, constant: nothing random to seed
      // Cast: each factory takes its own config type; the config is the initializer's own, re-seeded.
      const seeded = factory({ ...initializer.getConfig(), seed: random.nextSeed() } as never);
      const value = seeded.apply(weight.shape as number[], 'float32');
      weight.write(value);
      value.dispose();
    }
  }
}
