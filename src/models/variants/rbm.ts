/**
 * The deep autoencoder of Hinton & Salakhutdinov (2006): a stack of RBMs pretrained greedily with
 * CD-1 (training/pretraining/rbm-pair.ts), unrolled into encoder (W_l, hidden biases) and decoder
 * (W_l transposed, visible biases), then fine-tuned by backprop with the normal trainer. Sigmoid
 * hidden layers, a linear code layer (Gaussian hidden units in its RBM), sigmoid output;
 * 784-1000-500-250-30 by default.
 */
import type { Autoencoder, ModelSpec } from '../autoencoder.js';
import { buildDenseAutoencoder, type DenseConfig } from '../presets/dense.js';
import type { ModelEntry } from '../model-entry.js';
import { integerListOption, integerOption, numberOption } from '../options.js';

export interface RbmStackConfig {
  hidden: number[];
  codeSize: number;
  pretrainEpochs: number;
  /** CD-1 learning rate of the binary layers; the linear code layer uses 1/100 of it (paper: 0.1 and 0.001). */
  pretrainLearningRate: number;
  pretrainBatchSize: number;
}

export const RBM_DEFAULTS: RbmStackConfig = {
  hidden: [1000, 500, 250],
  codeSize: 30,
  pretrainEpochs: 10,
  pretrainLearningRate: 0.1,
  pretrainBatchSize: 100,
};

export function rbmConfig(spec: ModelSpec): RbmStackConfig {
  return {
    hidden: integerListOption(spec, 'hidden'),
    codeSize: integerOption(spec, 'codeSize'),
    pretrainEpochs: integerOption(spec, 'pretrainEpochs', 0),
    pretrainLearningRate: numberOption(spec, 'pretrainLearningRate', 0),
    pretrainBatchSize: integerOption(spec, 'pretrainBatchSize'),
  };
}

export function buildRbmAutoencoder(spec: ModelSpec): Autoencoder {
  const config = rbmConfig(spec);
  const dense: DenseConfig = { hidden: config.hidden, codeSize: config.codeSize, hiddenActivation: 'sigmoid', codeActivation: 'linear', outputActivation: 'sigmoid' };
  return buildDenseAutoencoder(spec, dense);
}

export const RBM_ENTRY: ModelEntry = {
  name: 'rbm',
  description: 'Hinton & Salakhutdinov deep autoencoder 784-1000-500-250-30: RBM stack pretrained with CD-1, unrolled, fine-tuned',
  defaultInputShape: [784],
  defaultLoss: 'bce',
  defaults: RBM_DEFAULTS,
  build: buildRbmAutoencoder,
};
