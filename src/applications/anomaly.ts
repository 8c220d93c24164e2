/**
 * Anomaly scores from an autoencoder: a sample the model reconstructs badly is unusual. A plain
 * autoencoder scores each sample by its reconstruction error in the model's own loss (MSE or BCE
 * per pixel); a variational one (its computeLoss returns a 'kl' term) by its negative ELBO, the
 * total loss of that sample alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readInto } from '../backend/read-values.js';
import type { Autoencoder, StepContext } from '../models/autoencoder.js';
import { gatherBatch, mapBatches, type SampleSet } from '../data/samples.js';
import { perSampleErrors } from '../evaluation/per-sample.js';
import { checkSamplesFit, reconstructAll } from '../models/inference.js';
import { Random } from '../util/random.js';

/** A model that can return its loss per sample in one pass (a VAE may offer it to be fast). */
export interface PerSampleLossModel {
  /** Loss of each sample of the batch, shape [batch]. */
  perSampleLoss(x: tf.Tensor, context: StepContext): tf.Tensor1D;
}

function hasPerSampleLoss(model: Autoencoder): model is Autoencoder & PerSampleLossModel {
  return typeof (model as Partial<PerSampleLossModel>).perSampleLoss === 'function';
}

/** Fixed seed so a VAE's sampled score is the same on every call. */
const SCORE_SEED = 0x5c0e;

/** True when the model's loss has a KL term, i.e. it is variational and scores by negative ELBO. */
export function isVariational(model: Autoencoder, set: SampleSet): boolean {
  const probe = gatherBatch(set, null, 0, 1);
  try {
    return tf.tidy(() => {
      const terms = model.computeLoss(probe, { training: false, random: new Random(SCORE_SEED) });
      return 'kl' in terms;
    });
  } finally {
    probe.dispose();
  }
}

/** Negative ELBO of each sample (the model's total loss on that sample alone). */
async function negativeElbo(model: Autoencoder, set: SampleSet, batchSize: number): Promise<Float32Array> {
  const random = new Random(SCORE_SEED);
  const out = new Float32Array(set.count);
  if (hasPerSampleLoss(model)) {
    await mapBatches(set, batchSize, (batch, start) => {
      const losses = tf.tidy(() => model.perSampleLoss(batch, { training: false, random }));
      readInto(losses, out, start);
      losses.dispose();
    });
    return out;
  }
  // computeLoss averages over the batch, so a batch of one gives that sample's loss.
  for (let i = 0; i < set.count; i++) {
    const one = gatherBatch(set, null, i, i + 1);
    out[i] = tf.tidy(() => model.computeLoss(one, { training: false, random }).loss.dataSync()[0]!);
    one.dispose();
  }
  return out;
}

/** One anomaly score per sample: higher is more anomalous. */
export async function anomalyScores(model: Autoencoder, set: SampleSet, batchSize = 256): Promise<Float32Array> {
  checkSamplesFit(model, set, 'anomalyScores');
  if (isVariational(model, set)) return negativeElbo(model, set, batchSize);
  const reconstruction = await reconstructAll(model, set, batchSize);
  return Float32Array.from(perSampleErrors(set.data, reconstruction, set.count, model.spec.loss));
}
