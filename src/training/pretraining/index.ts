/**
 * The one pretraining hook the train command calls before fine-tuning:
 *
 *   await pretrain(model, samples, { epochs, lr, batchSize, seed, onEpoch })
 *
 * - model 'rbm': trains the RBM stack with CD-1 and unrolls it into the model (rbm-pair.ts);
 * - model 'stacked' with option pretrain: true: greedy layer-wise pretraining (greedy.ts);
 * - any other model: does nothing and returns undefined.
 * Options left out fall back to the model's own options (pretrainEpochs, pretrainLearningRate...).
 */
import type { SampleSet } from '../../data/samples.js';
import type { Autoencoder } from '../../models/autoencoder.js';
import { pretrainStacked } from './greedy.js';
import type { PretrainOptions } from './layerwise.js';
import { pretrainRbmStack } from './rbm-pair.js';

export interface PretrainReport {
  kind: 'rbm' | 'layerwise';
  /** Last-epoch reconstruction error of each pretrained layer, from the input inwards. */
  layerErrors: number[];
}

/** Whether `pretrain` would do anything for this model. */
export function needsPretraining(model: Autoencoder): boolean {
  return model.spec.name === 'rbm' || (model.spec.name === 'stacked' && model.spec.options['pretrain'] === true);
}

/** Greedy pretraining for the models that need it (an RBM stack or layer-wise pairs), before fine-tuning. */
export async function pretrain(model: Autoencoder, samples: SampleSet, options: PretrainOptions = {}): Promise<PretrainReport | undefined> {
  if (model.spec.name === 'rbm') return { kind: 'rbm', layerErrors: await pretrainRbmStack(model, samples, options) };
  if (needsPretraining(model)) return { kind: 'layerwise', layerErrors: await pretrainStacked(model, samples, options) };
  return undefined;
}

export type { PretrainOptions } from './layerwise.js';
export { pretrainRbmStack } from './rbm-pair.js';
export { pretrainStacked } from './greedy.js';
