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
import { pretrainRbmStack } from './rbm-pair.js';

export interface PretrainOptions {
  epochs?: number;
  /** RBM: CD-1 learning rate of the binary layers; stacked: Adam learning rate. */
  lr?: number;
  batchSize?: number;
  seed?: number;
  /** Called after every epoch of every layer with its loss (RBM: reconstruction error). */
  onEpoch?: (layer: number, epoch: number, loss: number) => void;
}

export interface PretrainReport {
  kind: 'rbm' | 'layerwise';
  /** Last-epoch reconstruction error of each pretrained layer, from the input inwards. */
  layerErrors: number[];
}

/** Whether `pretrain` would do anything for this model. */
export function needsPretraining(model: Autoencoder): boolean {
  return model.spec.name === 'rbm' || (model.spec.name === 'stacked' && model.spec.options['pretrain'] === true);
}

export async function pretrain(model: Autoencoder, samples: SampleSet, options: PretrainOptions = {}): Promise<PretrainReport | undefined> {
  if (model.spec.name === 'rbm') {
    const report = await pretrainRbmStack(model, samples, options);
    return { kind: 'rbm', layerErrors: report.layerErrors };
  }
  if (needsPretraining(model)) {
    const { lr, ...rest } = options;
    const report = await pretrainStacked(model, samples, { ...rest, ...(lr !== undefined ? { learningRate: lr } : {}) });
    return { kind: 'layerwise', layerErrors: report.layerLosses };
  }
  return undefined;
}

export { pretrainRbmStack, type RbmPretrainOptions, type RbmPretrainReport } from './rbm-pair.js';
export { pretrainStacked, type LayerwiseOptions, type LayerwiseReport } from './greedy.js';
