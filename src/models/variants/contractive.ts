/**
 * Contractive autoencoder (Rifai et al. 2011): reconstruction plus lambda * ||J_f(x)||_F^2, the
 * squared Frobenius norm of the encoder's Jacobian, averaged over the batch. A one-layer sigmoid
 * encoder uses the closed form; any other encoder the exact autodiff Jacobian (one backward pass
 * per code unit, so keep codes small). Loss terms: {loss, reconstruction, contractive}.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder, type LossTerms, type ModelSpec, type StepContext } from '../autoencoder.js';
import { buildDenseAutoencoder, DENSE_DEFAULTS, type DenseConfig } from '../presets/dense.js';
import type { ModelEntry } from '../registry.js';
import { jacobianNormSquared, sigmoidJacobianNormSquared } from './penalties.js';
import { numberOption } from './options.js';

export class ContractiveAutoencoder extends Autoencoder {
  constructor(spec: ModelSpec, encoder: tfl.LayersModel, decoder: tfl.LayersModel, model: tfl.LayersModel, readonly contractiveWeight: number) {
    super(spec, encoder, decoder, model);
  }

  /** True when the encoder is one sigmoid dense layer, for which the Jacobian has a closed form. */
  get hasClosedForm(): boolean {
    const options = this.spec.options as unknown as DenseConfig;
    return options.hidden.length === 0 && options.codeActivation === 'sigmoid';
  }

  /** ||J_f(x)||_F^2 per sample ([batch]), closed form when available. */
  jacobianNormSquared(x: tf.Tensor, training = false, exact: 'auto' | 'autodiff' = 'auto'): tf.Tensor {
    if (exact === 'auto' && this.hasClosedForm) {
      const kernel = this.encoder.getLayer('code').trainableWeights[0]!.read();
      return sigmoidJacobianNormSquared(this.encodeBatch(x, training), kernel);
    }
    return jacobianNormSquared((input) => this.encodeBatch(input, training), x);
  }

  override computeLoss(x: tf.Tensor, context: StepContext): LossTerms {
    const code = this.encodeBatch(x, context.training);
    const reconstruction = this.reconstructionLoss(x, this.decodeBatch(code, context.training));
    const norms = this.hasClosedForm
      ? sigmoidJacobianNormSquared(code, this.encoder.getLayer('code').trainableWeights[0]!.read())
      : jacobianNormSquared((input) => this.encodeBatch(input, context.training), x);
    const contractive = tf.mul(this.contractiveWeight, tf.mean(norms)) as tf.Scalar;
    return { loss: tf.add(reconstruction, contractive) as tf.Scalar, reconstruction, contractive };
  }
}

export const CONTRACTIVE_DEFAULTS = { ...DENSE_DEFAULTS, codeActivation: 'sigmoid', contractiveWeight: 1e-3 };

export const CONTRACTIVE_ENTRY: ModelEntry = {
  name: 'contractive',
  description: 'contractive autoencoder: dense, penalises the squared Frobenius norm of the encoder Jacobian (closed form for a sigmoid code)',
  defaultInputShape: [784],
  defaultLoss: 'mse',
  defaults: CONTRACTIVE_DEFAULTS,
  build: (spec) => {
    const base = buildDenseAutoencoder(spec, spec.options as unknown as DenseConfig);
    return new ContractiveAutoencoder(spec, base.encoder, base.decoder, base.model, numberOption(spec, 'contractiveWeight', 0));
  },
};
