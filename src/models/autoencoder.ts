/**
 * The model contract every autoencoder variant implements. A variant is a model with its own
 * loss terms (reconstruction plus penalties), never a new training loop: the one trainer calls
 * `computeLoss` and minimises `terms.loss`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { binaryCrossEntropy } from '../backend/binary-cross-entropy.js';
import { meanSquaredError } from '../backend/mean-squared-error.js';
import * as tfl from '@tensorflow/tfjs-layers';
import { applyDenseChain } from './dense-chain.js';
import type { Random } from '../util/random.js';
import type { FittedScaling } from '../data/scaling.js';

export type ReconstructionLoss = 'mse' | 'bce';

/** JSON-safe description from which the registry rebuilds a model: its name and options. */
export interface ModelSpec {
  name: string;
  inputShape: number[];
  loss: ReconstructionLoss;
  options: Record<string, unknown>;
  /**
   * The feature scaling the model was trained behind (fitted on its training data): every input
   * is scaled by it before the model sees it (`models/input-scaling.ts`). Absent: none.
   */
  inputScaling?: FittedScaling;
}

/** Per-step context handed to `computeLoss`. */
export interface StepContext {
  training: boolean;
  /** Seeded randomness for noise, sampling and dropout-like corruption. */
  random: Random;
}

/** Scalar loss terms; `loss` is the total the optimizer minimises, the others are reported. */
export type LossTerms = { loss: tf.Scalar } & Record<string, tf.Scalar>;

export class Autoencoder {
  /** The whole network as one flat functional model (for summary and TF.js-format saving). */
  readonly model: tfl.LayersModel;
  /** Set by `dispose`: the weights are gone. */
  private disposed = false;

  constructor(
    readonly spec: ModelSpec,
    readonly encoder: tfl.LayersModel,
    readonly decoder: tfl.LayersModel,
    model?: tfl.LayersModel,
  ) {
    this.model = model ?? tfl.model({ inputs: encoder.inputs, outputs: decoder.apply(encoder.outputs) as tfl.SymbolicTensor });
  }

  get name(): string {
    return this.spec.name;
  }

  get inputShape(): number[] {
    return this.spec.inputShape;
  }

  /** Shape of one code (without the batch dimension). */
  get codeShape(): number[] {
    return (this.decoder.inputs[0]!.shape as number[]).slice(1);
  }

  /** Variables the optimizer updates (encoder and decoder share none, but dedupe anyway). */
  get trainableVariables(): tf.Variable[] {
    const seen = new Map<string, tf.Variable>();
    for (const w of this.model.trainableWeights) seen.set(w.name, w.read() as tf.Variable);
    return [...seen.values()];
  }

  /**
   * Frees the network's weights; the autoencoder is unusable afterwards. Its three models share
   * their layers, and a layer applied in two of them (every decoder layer) outlives one model's
   * `dispose()`: `model.dispose()` left the decoder's weights behind. So each weight goes once.
   */
  dispose(): void {
    if (this.disposed) return;  // a second call has nothing left to free
    const variables = new Set([this.model, this.encoder, this.decoder].flatMap((m) => m.weights.map((w) => w.read())));
    for (const v of variables) v.dispose();
    this.disposed = true;
  }

  /** Code for a batch; subclasses with a stochastic code return its mean. */
  encodeBatch(x: tf.Tensor, training = false): tf.Tensor {
    return applyDenseChain([this.encoder], x) ?? this.encoder.apply(x, { training }) as tf.Tensor;
  }

  /** Decodes a batch of codes into reconstructions. */
  decodeBatch(z: tf.Tensor, training = false): tf.Tensor {
    return applyDenseChain([this.decoder], z) ?? this.decoder.apply(z, { training }) as tf.Tensor;
  }

  /** Encodes and decodes a batch (for a VAE: through the mean code when not training). */
  reconstructBatch(x: tf.Tensor, training = false): tf.Tensor {
    // A dense encoder and decoder run as one chain, unless a subclass encodes or decodes in its
    // own way.
    const plain = this.encodeBatch === Autoencoder.prototype.encodeBatch && this.decodeBatch === Autoencoder.prototype.decodeBatch;
    return (plain ? applyDenseChain([this.encoder, this.decoder], x) : null) ?? this.decodeBatch(this.encodeBatch(x, training), training);
  }

  /** Reconstruction loss per element, averaged over the batch (Keras 'mse' / 'binary_crossentropy'). */
  reconstructionLoss(target: tf.Tensor, output: tf.Tensor): tf.Scalar {
    return reconstructionLoss(this.spec.loss, target, output);
  }

  /** Loss terms for one batch. Plain autoencoders: reconstruction only. */
  computeLoss(x: tf.Tensor, context: StepContext): LossTerms {
    const output = this.reconstructBatch(x, context.training);
    return { loss: this.reconstructionLoss(x, output) };
  }
}

export function reconstructionLoss(kind: ReconstructionLoss, target: tf.Tensor, output: tf.Tensor): tf.Scalar {
  if (kind === 'mse') return meanSquaredError(target, output);
  return tf.tidy(() => tf.mean(elementwiseReconstructionLoss(kind, target, output)) as tf.Scalar);
}

/** The reconstruction loss of every element (pixel), before any averaging. */
export function elementwiseReconstructionLoss(kind: ReconstructionLoss, target: tf.Tensor, output: tf.Tensor): tf.Tensor {
  return kind === 'mse' ? tf.squaredDifference(target, output) : binaryCrossEntropy(target, output);
}
