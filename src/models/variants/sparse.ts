/**
 * Sparse autoencoder: a dense autoencoder whose code pays an L1 activity penalty (Keras
 * `activity_regularizer=l1(l)`) and/or a KL-divergence sparsity penalty towards a target mean
 * activation rho (sigmoid codes only). Loss terms: {loss, reconstruction, l1, kl}.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder, type LossTerms, type ModelSpec, type StepContext } from '../autoencoder.js';
import { buildDenseAutoencoder, DENSE_DEFAULTS, denseConfig } from '../presets/dense.js';
import type { ModelEntry } from '../model-entry.js';
import { klSparsityPenalty, l1ActivityPenalty } from './penalties.js';
import { numberOption } from '../options.js';

export interface SparsityConfig {
  /** Weight of the L1 activity penalty (0: off). */
  l1: number;
  /** Weight beta of the KL sparsity penalty (0: off). */
  sparsityWeight: number;
  /** Target mean activation rho of each code unit. */
  sparsityTarget: number;
}

export class SparseAutoencoder extends Autoencoder {
  constructor(spec: ModelSpec, encoder: tfl.LayersModel, decoder: tfl.LayersModel, model: tfl.LayersModel, readonly sparsity: SparsityConfig) {
    super(spec, encoder, decoder, model);
  }

  override computeLoss(x: tf.Tensor, context: StepContext): LossTerms {
    const code = this.encodeBatch(x, context.training);
    const reconstruction = this.reconstructionLoss(x, this.decodeBatch(code, context.training));
    const l1 = l1ActivityPenalty(code, this.sparsity.l1);
    const kl = this.sparsity.sparsityWeight > 0 ? klSparsityPenalty(code, this.sparsity.sparsityTarget, this.sparsity.sparsityWeight) : tf.scalar(0);
    return { loss: tf.addN([reconstruction, l1, kl]) as tf.Scalar, reconstruction, l1, kl };
  }
}

export const SPARSE_DEFAULTS = {
  ...DENSE_DEFAULTS,
  codeActivation: 'sigmoid',
  l1: 0,
  sparsityWeight: 0.01,
  sparsityTarget: 0.05,
};

export const SPARSE_ENTRY: ModelEntry = {
  name: 'sparse',
  description: 'sparse autoencoder: dense, sigmoid code with a KL sparsity penalty (target rho) and/or an L1 activity penalty',
  defaultInputShape: [784],
  defaultLoss: 'mse',
  defaults: SPARSE_DEFAULTS,
  build: (spec) => {
    const sparsity: SparsityConfig = {
      l1: numberOption(spec, 'l1', 0),
      sparsityWeight: numberOption(spec, 'sparsityWeight', 0),
      sparsityTarget: numberOption(spec, 'sparsityTarget', 1e-6, 1 - 1e-6),
    };
    if (sparsity.sparsityWeight > 0 && spec.options['codeActivation'] !== 'sigmoid') {
      throw new Error(`model '${spec.name}': the KL sparsity penalty needs codeActivation 'sigmoid' (mean activations in (0, 1)), got '${String(spec.options['codeActivation'])}'; use sparsityWeight 0 and l1 > 0 for other codes`);
    }
    const base = buildDenseAutoencoder(spec, denseConfig(spec));
    return new SparseAutoencoder(spec, base.encoder, base.decoder, base.model, sparsity);
  },
};
