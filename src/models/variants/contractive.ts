/**
 * Contractive autoencoder (Rifai et al. 2011): reconstruction plus lambda * ||J_f(x)||_F^2, the
 * squared Frobenius norm of the encoder's Jacobian, averaged over the batch. A one-layer sigmoid
 * encoder uses the closed form; deeper dense encoders the exact Jacobian by the chain rule
 * (penalties.ts: cost grows with the code size, so keep codes small). Loss terms: {loss, reconstruction, contractive}.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { Autoencoder, type LossTerms, type ModelSpec, type StepContext } from '../autoencoder.js';
import { buildDenseAutoencoder, DENSE_DEFAULTS, denseConfig } from '../presets/dense.js';
import type { ModelEntry } from '../model-entry.js';
import { denseJacobianNormSquared, sigmoidJacobianNormSquared, type DenseStep } from './penalties.js';
import { encoderLayerNames } from './layer-pairs.js';
import { numberOption } from '../options.js';

export class ContractiveAutoencoder extends Autoencoder {
  constructor(spec: ModelSpec, encoder: tfl.LayersModel, decoder: tfl.LayersModel, model: tfl.LayersModel, readonly contractiveWeight: number) {
    super(spec, encoder, decoder, model);
  }

  /** True when the encoder is one sigmoid dense layer, for which the Jacobian has a closed form. */
  get hasClosedForm(): boolean {
    const options = denseConfig(this.spec);
    return options.hidden.length === 0 && options.codeActivation === 'sigmoid';
  }

  /** The encoder's dense layers with their activations, from the input. */
  private denseSteps(): DenseStep[] {
    const options = denseConfig(this.spec);
    return encoderLayerNames(options.hidden.length).map((name, l) => {
      const [kernel, bias] = this.encoder.getLayer(name).trainableWeights.map((w) => w.read());
      return { kernel: kernel!, bias: bias!, activation: l === options.hidden.length ? options.codeActivation : options.hiddenActivation };
    });
  }

  /** ||J_f(x)||_F^2 per sample ([batch]): closed form for a sigmoid code layer, exact chain rule otherwise. */
  jacobianNormSquared(x: tf.Tensor, code?: tf.Tensor): tf.Tensor {
    const steps = this.denseSteps();
    if (this.hasClosedForm) return sigmoidJacobianNormSquared(code ?? this.encodeBatch(x), steps[0]!.kernel);
    return denseJacobianNormSquared(steps, x);
  }

  override computeLoss(x: tf.Tensor, context: StepContext): LossTerms {
    const code = this.encodeBatch(x, context.training);
    const reconstruction = this.reconstructionLoss(x, this.decodeBatch(code, context.training));
    const contractive = tf.mul(this.contractiveWeight, tf.mean(this.jacobianNormSquared(x, code))) as tf.Scalar;
    return { loss: tf.add(reconstruction, contractive) as tf.Scalar, reconstruction, contractive };
  }
}

export const CONTRACTIVE_DEFAULTS = { ...DENSE_DEFAULTS, codeActivation: 'sigmoid', contractiveWeight: 1e-4 };

export const CONTRACTIVE_ENTRY: ModelEntry = {
  name: 'contractive',
  description: 'contractive autoencoder: dense, penalises the squared Frobenius norm of the encoder Jacobian (closed form for a sigmoid code)',
  defaultInputShape: [784],
  defaultLoss: 'mse',
  defaults: CONTRACTIVE_DEFAULTS,
  build: (spec) => {
    const base = buildDenseAutoencoder(spec, denseConfig(spec));
    return new ContractiveAutoencoder(spec, base.encoder, base.decoder, base.model, numberOption(spec, 'contractiveWeight', 0));
  },
};
