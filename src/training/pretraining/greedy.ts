/**
 * Greedy layer-wise pretraining of a stacked autoencoder (Bengio et al. 2007): each pair is a
 * shallow autoencoder (same activations, tied if the model is) trained with the normal trainer.
 */
import type { SampleSet } from '../../data/samples.js';
import type { Autoencoder, ModelSpec } from '../../models/autoencoder.js';
import { seedInitialWeights } from '../../models/seeded-init.js';
import { buildStackedAutoencoder, stackedConfig } from '../../models/variants/stacked.js';
import { Random } from '../../util/random.js';
import { fit } from '../trainer.js';
import { pretrainLayerwise, type PretrainOptions, type TrainedPair } from './layerwise.js';

/** Returns the final training loss of each shallow autoencoder, from the input inwards. */
export async function pretrainStacked(model: Autoencoder, samples: SampleSet, options: PretrainOptions = {}): Promise<number[]> {
  const config = stackedConfig(model.spec);
  const seed = options.seed ?? 0;
  const sizes = [...config.hidden, config.codeSize];
  return pretrainLayerwise(model, samples, config.hidden.length, async (l, inputs, isCode): Promise<TrainedPair> => {
    const shallowSpec: ModelSpec = {
      name: `${model.spec.name}_layer${l + 1}`,
      inputShape: inputs.sampleShape,
      loss: l === 0 ? model.spec.loss : 'mse',
      options: {},
    };
    const shallow = buildStackedAutoencoder(shallowSpec, {
      ...config,
      hidden: [],
      codeSize: sizes[l]!,
      codeActivation: isCode ? config.codeActivation : config.hiddenActivation,
      outputActivation: l === 0 ? config.outputActivation : config.hiddenActivation,
    });
    seedInitialWeights(shallow.model, Random.derive(seed, 0x5ac, l));
    const history = await fit(shallow, inputs, {
      epochs: options.epochs ?? config.pretrainEpochs,
      batchSize: options.batchSize ?? 128,
      learningRate: options.lr ?? 1e-3,
      seed: seed + l,
      callbacks: options.onEpoch ? [{ name: 'pretrain-progress', onEpochEnd: (epoch, logs) => options.onEpoch!(l, epoch, logs['loss']!) }] : [],
    });
    return {
      loss: history.metrics['loss']!.at(-1)!,
      encoderWeights: shallow.model.getLayer('code').getWeights(),
      decoderWeights: shallow.model.getLayer('reconstruction').getWeights(),
      encode: (batch) => shallow.encodeBatch(batch),
      dispose: () => shallow.dispose(),
    };
  });
}
