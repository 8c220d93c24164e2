/**
 * `fit` as aekit's Node entry gives it: `control.saveModel` (ModelCheckpoint) also writes folders,
 * with the optimizer state, atomically (io/model-io.ts). The trainer itself stays free of the
 * file system, so a web page can train with it.
 */
import type { Autoencoder } from '../models/autoencoder.js';
import type { SampleSet } from '../data/samples.js';
import { saveAutoencoder } from '../io/model-io.js';
import { fit as fitAnywhere, type FitOptions, type History } from './trainer.js';

/**
 * Trains `model` on `trainData` (Node: also saves ModelCheckpoint folders); see the portable `fit` for the loop.
 *
 * @example
 * const autoencoder = models.buildModel('dense', { seed: 1 });
 * const history = await fit(autoencoder, datasetSamples(trainSet, autoencoder.inputShape), { epochs: 3, seed: 1 });
 * console.log(`train loss ${history.metrics.loss.at(-1)}`);
 */
export function fit(model: Autoencoder, trainData: SampleSet, options: FitOptions): Promise<History> {
  return fitAnywhere(model, trainData, {
    ...options,
    saveModel: options.saveModel ?? ((dir, optimizer) => saveAutoencoder(model, dir, { optimizer })),
  });
}
