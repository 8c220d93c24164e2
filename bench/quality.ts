/**
 * The quality check: full MNIST, Keras initialisation, Adam 1e-3, batch 128, and the test MSE
 * per pixel after each requested epoch count. The trainer continues epoch by epoch with the same
 * optimizer, exactly as one uninterrupted `fit` would.
 */
import { buildModel } from '../src/models/registry.js';
import { Adam } from '../src/optimizers/adam.js';
import { fit } from '../src/training/trainer.js';
import { BATCH_SIZE, firstSamples, testMse, type Pixels } from './measure.js';
import type { QualityResult } from './types.js';

export async function measureQuality(name: string, train: Pixels, test: Pixels, epochs: number[], log: (line: string) => void): Promise<QualityResult> {
  const model = buildModel(name, { seed: 1 });
  const optimizer = new Adam({ learningRate: 1e-3 });
  const trainSet = firstSamples(train, train.count, model);
  const testSet = firstSamples(test, test.count, model);
  const testMseAt: Record<string, number> = {};
  const start = performance.now();
  for (let epoch = 0; epoch < Math.max(...epochs); epoch++) {
    await fit(model, trainSet, { epochs: epoch + 1, initialEpoch: epoch, batchSize: BATCH_SIZE, optimizer, seed: 2 });
    if (epochs.includes(epoch + 1)) {
      testMseAt[String(epoch + 1)] = await testMse(model, testSet);
      log(`${name} epoch ${epoch + 1}: test MSE ${testMseAt[String(epoch + 1)]!.toFixed(5)}`);
    }
  }
  return { model: name, params: model.model.countParams(), testMse: testMseAt, seconds: (performance.now() - start) / 1000 };
}
