/**
 * Variational autoencoders (Kingma & Welling 2014), dense and convolutional, after the Keras VAE
 * examples: dense 784-512-(2+2) and conv 32/64 strided convolutions -> dense 16 -> (2+2), decoders
 * mirrored with transposed convolutions. The encoder gives a Gaussian posterior (mean, log
 * variance); the code is sampled with the reparameterization trick z = mu + exp(logvar / 2) * eps.
 * Loss per image, as the Keras example reports it: reconstruction = the SUM over pixels of the
 * binary cross-entropy (or squared error for loss 'mse'), kl = -0.5 * sum(1 + logvar - mu^2 -
 * exp(logvar)), loss = reconstruction + beta * kl (beta-VAE; beta 1 is the plain VAE).
 * `encodeBatch` returns the posterior mean; `encoder` (saved as encoder/) outputs the mean only.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as layers from '../layers/index.js';
import { gaussianCode, type GaussianCode } from '../../backend/gaussian-code.js';
import { Autoencoder, elementwiseReconstructionLoss, type LossTerms, type ModelSpec, type StepContext } from '../autoencoder.js';
import { applyChain } from '../assemble.js';
import { flatSize } from '../presets/dense.js';
import type { ModelEntry } from '../model-entry.js';
import type { Random } from '../../util/random.js';
import { integerListOption, integerOption, numberOption } from '../options.js';

export class VariationalAutoencoder extends Autoencoder {
  constructor(
    spec: ModelSpec,
    encoder: tfl.LayersModel,
    decoder: tfl.LayersModel,
    model: tfl.LayersModel,
    /** x -> [mean, logVariance] */
    readonly posterior: tfl.LayersModel,
    readonly beta: number,
  ) {
    super(spec, encoder, decoder, model);
  }

  posteriorBatch(x: tf.Tensor, training = false): [tf.Tensor, tf.Tensor] {
    return this.posterior.apply(x, { training }) as [tf.Tensor, tf.Tensor];
  }

  /** z = mu + exp(logvar / 2) * eps, eps ~ N(0, I) drawn from the seeded stream, and each sample's KL. */
  sampleCode(mean: tf.Tensor, logVariance: tf.Tensor, random: Random): GaussianCode {
    const noise = tf.randomNormal(mean.shape, 0, 1, 'float32', random.nextSeed());
    const sampled = gaussianCode(mean, logVariance, noise);
    noise.dispose();
    return sampled;
  }

  /** Reconstruction and KL of every sample in the batch (shape [batch] each). */
  private perSampleTerms(x: tf.Tensor, context: StepContext): { reconstruction: tf.Tensor1D; kl: tf.Tensor1D } {
    const [mean, logVariance] = this.posteriorBatch(x, context.training);
    const { code, kl } = this.sampleCode(mean, logVariance, context.random);
    return { reconstruction: perImageReconstruction(this.spec, x, this.decodeBatch(code, context.training)), kl };
  }

  override computeLoss(x: tf.Tensor, context: StepContext): LossTerms {
    const terms = this.perSampleTerms(x, context);
    const reconstruction = tf.mean(terms.reconstruction) as tf.Scalar;
    const kl = tf.mean(terms.kl) as tf.Scalar;
    return { loss: tf.add(reconstruction, tf.mul(this.beta, kl)) as tf.Scalar, reconstruction, kl };
  }

  /** Negative ELBO (with beta) of each sample: the VAE's anomaly score. */
  perSampleLoss(x: tf.Tensor, context: StepContext): tf.Tensor1D {
    return tf.tidy(() => {
      const terms = this.perSampleTerms(x, context);
      return tf.add(terms.reconstruction, tf.mul(this.beta, terms.kl)) as tf.Tensor1D;
    });
  }
}

/** Sum over each image's pixels of the per-pixel loss: shape [batch]. */
export function perImageReconstruction(spec: ModelSpec, target: tf.Tensor, output: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const perPixel = elementwiseReconstructionLoss(spec.loss, target, output);
    return tf.sum(tf.reshape(perPixel, [perPixel.shape[0]!, -1]), 1) as tf.Tensor1D;
  });
}

interface VaeParts {
  /** Encoder trunk on the input, up to the layer the mean and log-variance heads read. */
  trunk: (input: tfl.SymbolicTensor) => tfl.SymbolicTensor;
  decoderLayers: tfl.layers.Layer[];
  latentSize: number;
  beta: number;
}

/** One flat model (x -> [reconstruction of the mean, logvar], so it holds every weight) plus the parts. */
function assembleVae(spec: ModelSpec, parts: VaeParts): VariationalAutoencoder {
  const input = tfl.input({ shape: spec.inputShape, name: 'input' });
  const features = parts.trunk(input);
  const mean = layers.dense({ units: parts.latentSize, name: 'z_mean' }).apply(features) as tfl.SymbolicTensor;
  const logVariance = layers.dense({ units: parts.latentSize, name: 'z_log_var' }).apply(features) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: [applyChain(mean, parts.decoderLayers), logVariance], name: spec.name });
  const encoder = tfl.model({ inputs: input, outputs: mean, name: `${spec.name}_encoder` });
  const posterior = tfl.model({ inputs: input, outputs: [mean, logVariance], name: `${spec.name}_posterior` });
  const code = tfl.input({ shape: [parts.latentSize], name: 'code' });
  const decoder = tfl.model({ inputs: code, outputs: applyChain(code, parts.decoderLayers), name: `${spec.name}_decoder` });
  return new VariationalAutoencoder(spec, encoder, decoder, model, posterior, parts.beta);
}

export const VAE_DEFAULTS = { hidden: [512], latentSize: 2, beta: 1 };

export function buildDenseVae(spec: ModelSpec): VariationalAutoencoder {
  if (spec.inputShape.length !== 1) {
    throw new Error(`model '${spec.name}': takes flat inputs, got input shape [${spec.inputShape.join(', ')}] (use [${flatSize(spec.inputShape)}])`);
  }
  const hidden = integerListOption(spec, 'hidden');
  const encoderLayers = hidden.map((units, i) => layers.dense({ units, activation: 'relu', name: `encoder_dense${i + 1}` }));
  const decoderLayers = [
    ...[...hidden].reverse().map((units, i) => layers.dense({ units, activation: 'relu', name: `decoder_dense${i + 1}` })),
    layers.dense({ units: spec.inputShape[0]!, activation: 'sigmoid', name: 'reconstruction' }),
  ];
  return assembleVae(spec, {
    trunk: (input) => applyChain(input, encoderLayers),
    decoderLayers,
    latentSize: integerOption(spec, 'latentSize'),
    beta: numberOption(spec, 'beta', 0),
  });
}

export const CONV_VAE_DEFAULTS = { filters: [32, 64], dense: 16, latentSize: 2, beta: 1 };

export function buildConvVae(spec: ModelSpec): VariationalAutoencoder {
  const [h, w, channels] = spec.inputShape;
  if (spec.inputShape.length !== 3 || h === undefined || w === undefined || channels === undefined || h % 4 !== 0 || w % 4 !== 0) {
    throw new Error(`model '${spec.name}': expects image input [height, width, channels] with height and width multiples of 4, got [${spec.inputShape.join(', ')}]`);
  }
  const [f1, f2] = integerListOption(spec, 'filters', 2) as [number, number];
  const dense = integerOption(spec, 'dense');
  const conv = (filters: number, name: string) => layers.conv2d({ filters, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name });
  const encoderLayers = [conv(f1, 'encoder_conv1'), conv(f2, 'encoder_conv2'), tfl.layers.flatten({ name: 'flatten' }), layers.dense({ units: dense, activation: 'relu', name: 'encoder_dense' })];
  const deconv = (filters: number, strides: number, activation: 'relu' | 'sigmoid', name: string) =>
    layers.conv2dTranspose({ filters, kernelSize: 3, strides, padding: 'same', activation, name });
  const decoderLayers = [
    layers.dense({ units: (h / 4) * (w / 4) * f2, activation: 'relu', name: 'decoder_dense' }),
    tfl.layers.reshape({ targetShape: [h / 4, w / 4, f2], name: 'reshape' }),
    deconv(f2, 2, 'relu', 'decoder_deconv1'),
    deconv(f1, 2, 'relu', 'decoder_deconv2'),
    deconv(channels, 1, 'sigmoid', 'reconstruction'),
  ];
  return assembleVae(spec, {
    trunk: (input) => applyChain(input, encoderLayers),
    decoderLayers,
    latentSize: integerOption(spec, 'latentSize'),
    beta: numberOption(spec, 'beta', 0),
  });
}

export const VAE_ENTRY: ModelEntry = {
  name: 'vae',
  description: 'variational autoencoder, dense (Keras example: 784-512-2), reparameterization trick, KL term, beta option',
  defaultInputShape: [784],
  defaultLoss: 'bce',
  defaults: VAE_DEFAULTS,
  build: buildDenseVae,
};

export const CONV_VAE_ENTRY: ModelEntry = {
  name: 'conv-vae',
  description: 'convolutional VAE (Keras example: conv 32/64 stride 2, dense 16, 2-D latent), beta option',
  defaultInputShape: [28, 28, 1],
  defaultLoss: 'bce',
  defaults: CONV_VAE_DEFAULTS,
  build: buildConvVae,
};
