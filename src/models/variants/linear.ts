/**
 * Linear autoencoder: linear encoder and decoder trained with MSE. Its optimum spans the same
 * subspace as PCA with as many components (Baldi & Hornik 1989), which evaluation/pca.ts checks.
 */
import { buildDenseAutoencoder, DENSE_DEFAULTS, type DenseConfig } from '../presets/dense.js';
import type { ModelEntry } from '../model-entry.js';
import { integerOption } from '../options.js';

export const LINEAR_DEFAULTS = { codeSize: 32 };

export const LINEAR_ENTRY: ModelEntry = {
  name: 'linear',
  description: 'linear autoencoder (no hidden layer, linear code and output, MSE): learns the PCA subspace',
  defaultInputShape: [784],
  defaultLoss: 'mse',
  defaults: LINEAR_DEFAULTS,
  build: (spec) => {
    const config: DenseConfig = { ...DENSE_DEFAULTS, codeSize: integerOption(spec, 'codeSize'), codeActivation: 'linear', outputActivation: 'linear' };
    return buildDenseAutoencoder(spec, config);
  },
};
