/**
 * A model's inputs as it was trained on them: data scaled by the model's `spec.inputScaling`
 * (fitted on its training data), and its outputs back in the data's own units. Every path that
 * feeds a loaded model new data (detect, encode, evaluate, reconstruct, the estimators) goes
 * through `modelSamples`, so a detector trained on scaled columns never scores raw ones.
 */
import { applyScaling, invertScaling } from '../data/scaling.js';
import { datasetSamples, type SampleSet } from '../data/samples.js';
import type { ImageDataset } from '../data/types.js';
import type { Autoencoder } from './autoencoder.js';

/** The set scaled for the model (the same set when the model has no scaling). */
export function scaleForModel(model: Autoencoder, set: SampleSet, what = 'data'): SampleSet {
  const scaling = model.spec.inputScaling;
  return scaling ? { ...set, data: applyScaling(scaling, set.data, what) } : set;
}

/** A dataset as samples of the model's input shape, scaled as its training data was. */
export function modelSamples(model: Autoencoder, dataset: Pick<ImageDataset, 'images' | 'count' | 'shape' | 'labels' | 'name'>): SampleSet {
  return scaleForModel(model, datasetSamples(dataset, model.inputShape), `dataset '${dataset.name}'`);
}

/** Model outputs (reconstructions) in the data's own units. */
export function unscaleForModel(model: Autoencoder, data: Float32Array): Float32Array {
  const scaling = model.spec.inputScaling;
  return scaling ? invertScaling(scaling, data, 'reconstructions') : data;
}
