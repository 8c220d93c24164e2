/**
 * A model applied to a whole sample set, batch by batch, in inference mode: each batch is copied
 * into one output array (the engine recycles its own arrays).
 */
import * as tf from '@tensorflow/tfjs-core';
import { readInto } from '../backend/read-values.js';
import { mapBatches, type SampleSet } from '../data/samples.js';
import type { Autoencoder } from './autoencoder.js';

/** Throws a clear error when the samples' shape does not fit the model's input. */
export function checkSamplesFit(model: Autoencoder, set: SampleSet, what = 'samples'): void {
  if (set.count < 1) throw new Error(`${what}: the dataset is empty`);
  if (set.sampleShape.join('x') !== model.inputShape.join('x')) {
    throw new Error(`${what}: samples have shape [${set.sampleShape.join(', ')}], model '${model.name}' expects [${model.inputShape.join(', ')}]`);
  }
}

/** Reconstructions of every sample, flat (count x sample size), in inference mode. */
export async function reconstructAll(model: Autoencoder, set: SampleSet, batchSize = 256): Promise<Float32Array> {
  checkSamplesFit(model, set);
  const out = new Float32Array(set.data.length);
  await mapBatches(set, batchSize, (batch, start) => {
    const reconstruction = tf.tidy(() => model.reconstructBatch(batch, false));
    readInto(reconstruction, out, start * (set.data.length / set.count));
    reconstruction.dispose();
  });
  return out;
}

export interface Codes {
  /** count x size, row-major (a convolutional code is flattened in NHWC order). */
  data: Float32Array;
  count: number;
  size: number;
  labels?: Int32Array;
}

/** The codes of every sample, computed batch by batch (labels kept). */
export async function encodeAll(model: Autoencoder, set: SampleSet, batchSize = 256): Promise<Codes> {
  checkSamplesFit(model, set, 'encode');
  const size = model.codeShape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(set.count * size);
  await mapBatches(set, batchSize, (batch, start) => {
    const code = tf.tidy(() => model.encodeBatch(batch, false));
    readInto(code, data, start * size);
    code.dispose();
  });
  return set.labels ? { data, count: set.count, size, labels: set.labels } : { data, count: set.count, size };
}
