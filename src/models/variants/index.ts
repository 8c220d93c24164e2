/**
 * Every autoencoder variant of the seeds, as registry entries, plus the one pretraining hook the
 * train command calls before fine-tuning:
 *
 *   await pretrain(model, samples, { epochs, lr, batchSize, seed, onEpoch })
 *
 * - model 'rbm': trains the RBM stack with CD-1 and unrolls it into the model (pretrainRbmStack);
 * - model 'stacked' with option pretrain: true: greedy layer-wise pretraining (pretrainStacked);
 * - any other model: does nothing and returns undefined.
 * Options left out fall back to the model's own options (pretrainEpochs, pretrainLearningRate...).
 */
import type { Autoencoder } from '../autoencoder.js';
import type { ModelEntry } from '../registry.js';
import type { SampleSet } from '../../data/samples.js';
import { pretrainRbmStack, RBM_ENTRY } from './rbm.js';
import { CONTRACTIVE_ENTRY } from './contractive.js';
import { DENOISING_ENTRY } from './denoising.js';
import { LINEAR_ENTRY } from './linear.js';
import { SPARSE_ENTRY } from './sparse.js';
import { pretrainStacked, STACKED_ENTRY } from './stacked.js';
import { UNET_ENTRY } from './unet.js';
import { CONV_VAE_ENTRY, VAE_ENTRY } from './vae.js';

export const VARIANT_ENTRIES: ModelEntry[] = [
  DENOISING_ENTRY,
  SPARSE_ENTRY,
  CONTRACTIVE_ENTRY,
  STACKED_ENTRY,
  RBM_ENTRY,
  LINEAR_ENTRY,
  VAE_ENTRY,
  CONV_VAE_ENTRY,
  UNET_ENTRY,
];

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
    const report = await pretrainStacked(model, samples, {
      ...(options.epochs !== undefined ? { epochs: options.epochs } : {}),
      ...(options.lr !== undefined ? { learningRate: options.lr } : {}),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
    });
    return { kind: 'layerwise', layerErrors: report.layerLosses };
  }
  return undefined;
}

export { DenoisingAutoencoder } from './denoising.js';
export { SparseAutoencoder } from './sparse.js';
export { ContractiveAutoencoder } from './contractive.js';
export { VariationalAutoencoder } from './vae.js';
export { UNetAutoencoder } from './unet.js';
export { TiedDense } from './tied-dense.js';
export { corrupt, NOISE_KINDS, type NoiseConfig, type NoiseKind } from './corruption.js';
export { pretrainRbmStack } from './rbm.js';
export { pretrainStacked } from './stacked.js';
