/**
 * Hinton & Salakhutdinov's (2006) pretraining of the 'rbm' model: each pair is an RBM trained
 * with CD-1, unrolled into encoder layer l (W_l, hidden bias_l) and its mirrored decoder layer
 * (W_l transposed, visible bias_l). The next RBM sees this one's hidden probabilities (means).
 */
import * as tf from '@tensorflow/tfjs-core';
import { gatherBatch, type SampleSet } from '../../data/samples.js';
import type { Autoencoder } from '../../models/autoencoder.js';
import { rbmConfig } from '../../models/variants/rbm.js';
import { Random } from '../../util/random.js';
import { pretrainLayerwise, type PretrainOptions, type TrainedPair } from './layerwise.js';
import { Rbm } from './rbm.js';

/** The paper's learning rate of the linear code layer is 1/100 of the binary layers' (0.001 vs 0.1). */
const LINEAR_LAYER_RATE = 0.01;
const MOMENTUM_SWITCH_EPOCH = 5;
const WEIGHT_DECAY = 0.0002;

/**
 * Returns the mean squared one-step reconstruction error of each RBM's last epoch, from the input
 * inwards. `lr` is the binary layers' rate; the linear code layer takes 1/100 of it.
 */
export async function pretrainRbmStack(model: Autoencoder, samples: SampleSet, options: PretrainOptions = {}): Promise<number[]> {
  const config = rbmConfig(model.spec);
  const epochs = options.epochs ?? config.pretrainEpochs;
  const lr = options.lr ?? config.pretrainLearningRate;
  const batchSize = options.batchSize ?? config.pretrainBatchSize;
  const seed = options.seed ?? 0;
  const sizes = [...config.hidden, config.codeSize];
  return pretrainLayerwise(model, samples, config.hidden.length, async (l, inputs, isCode): Promise<TrainedPair> => {
    const random = Random.derive(seed, 0x7b3, l);
    const rbm = new Rbm(inputs.sampleShape[0]!, sizes[l]!, isCode ? 'gaussian' : 'binary', random);
    let lastError = NaN;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = random.permutation(inputs.count);
      let sum = 0;
      for (let start = 0; start < inputs.count; start += batchSize) {
        const end = Math.min(inputs.count, start + batchSize);
        const batch = gatherBatch(inputs, order, start, end);
        const cd = { learningRate: isCode ? lr * LINEAR_LAYER_RATE : lr, momentum: epoch < MOMENTUM_SWITCH_EPOCH ? 0.5 : 0.9, weightDecay: WEIGHT_DECAY };
        sum += rbm.cd1Step(batch, cd, random) * (end - start);
        batch.dispose();
      }
      lastError = sum / inputs.count;
      options.onEpoch?.(l, epoch, lastError);
    }
    const transposed = tf.transpose(rbm.weights);
    return {
      loss: lastError,
      encoderWeights: [rbm.weights, rbm.hiddenBias],
      decoderWeights: [transposed, rbm.visibleBias],
      encode: (batch) => rbm.hiddenMeans(batch),
      dispose: () => {
        transposed.dispose();
        rbm.dispose();
      },
    };
  });
}
