/**
 * The deep autoencoder of Hinton & Salakhutdinov (2006): a stack of RBMs pretrained greedily with
 * CD-1, unrolled into encoder (W_l, hidden biases) and decoder (W_l transposed, visible biases),
 * then fine-tuned by backprop with the normal trainer. Sigmoid hidden layers, a linear code
 * layer (Gaussian hidden units in its RBM), sigmoid output; 784-1000-500-250-30 by default.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder, ModelSpec } from '../autoencoder.js';
import { buildDenseAutoencoder, flatSize, type DenseConfig } from '../presets/dense.js';
import type { ModelEntry } from '../registry.js';
import { gatherBatch, type SampleSet } from '../../data/samples.js';
import { Random } from '../../util/random.js';
import { mirroredLayerPairs } from './layer-pairs.js';
import { mapSamples } from './stacked.js';
import { integerListOption, integerOption, numberOption } from './options.js';
import { Rbm } from '../../training/pretraining/rbm.js';

export interface RbmStackConfig {
  hidden: number[];
  codeSize: number;
  pretrainEpochs: number;
  /** CD-1 learning rate of the binary layers; the linear code layer uses 1/100 of it (paper: 0.1 and 0.001). */
  pretrainLearningRate: number;
  pretrainBatchSize: number;
}

export const RBM_DEFAULTS: RbmStackConfig = {
  hidden: [1000, 500, 250],
  codeSize: 30,
  pretrainEpochs: 10,
  pretrainLearningRate: 0.1,
  pretrainBatchSize: 100,
};

const LINEAR_LAYER_RATE = 0.01;
const MOMENTUM_SWITCH_EPOCH = 5;
const WEIGHT_DECAY = 0.0002;

function rbmConfig(spec: ModelSpec): RbmStackConfig {
  integerListOption(spec, 'hidden');
  integerOption(spec, 'codeSize');
  integerOption(spec, 'pretrainEpochs', 0);
  numberOption(spec, 'pretrainLearningRate', 0);
  integerOption(spec, 'pretrainBatchSize');
  return spec.options as unknown as RbmStackConfig;
}

export function buildRbmAutoencoder(spec: ModelSpec): Autoencoder {
  const config = rbmConfig(spec);
  const dense: DenseConfig = { hidden: config.hidden, codeSize: config.codeSize, hiddenActivation: 'sigmoid', codeActivation: 'linear', outputActivation: 'sigmoid' };
  return buildDenseAutoencoder(spec, dense);
}

export const RBM_ENTRY: ModelEntry = {
  name: 'rbm',
  description: 'Hinton & Salakhutdinov deep autoencoder 784-1000-500-250-30: RBM stack pretrained with CD-1, unrolled, fine-tuned',
  defaultInputShape: [784],
  defaultLoss: 'bce',
  defaults: RBM_DEFAULTS as unknown as Record<string, unknown>,
  build: buildRbmAutoencoder,
};

export interface RbmPretrainOptions {
  epochs?: number;
  /** Learning rate of the binary layers (the linear code layer uses 1/100 of it). */
  lr?: number;
  batchSize?: number;
  seed?: number;
  /** Called after every RBM epoch, e.g. for progress output. */
  onEpoch?: (layer: number, epoch: number, reconstructionError: number) => void;
}

export interface RbmPretrainReport {
  /** Mean squared one-step reconstruction error of each RBM's last epoch, from the input inwards. */
  layerErrors: number[];
}

/**
 * Trains the RBM stack on the samples and writes it into the model's layers: encoder layer l gets
 * (W_l, hidden bias_l), its mirrored decoder layer (W_l^T, visible bias_l).
 */
export async function pretrainRbmStack(model: Autoencoder, samples: SampleSet, options: RbmPretrainOptions = {}): Promise<RbmPretrainReport> {
  const config = rbmConfig(model.spec);
  const epochs = options.epochs ?? config.pretrainEpochs;
  const lr = options.lr ?? config.pretrainLearningRate;
  const batchSize = options.batchSize ?? config.pretrainBatchSize;
  const seed = options.seed ?? 0;
  const pairs = mirroredLayerPairs(model, config.hidden.length);
  const sizes = [...config.hidden, config.codeSize];
  let data: SampleSet = { data: samples.data, count: samples.count, sampleShape: [flatSize(samples.sampleShape)] };
  const layerErrors: number[] = [];
  for (let l = 0; l < sizes.length; l++) {
    const isCode = l === sizes.length - 1;
    const random = Random.derive(seed, 0x7b3, l);
    const rbm = new Rbm(data.sampleShape[0]!, sizes[l]!, isCode ? 'gaussian' : 'binary', random);
    let lastError = NaN;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = random.permutation(data.count);
      let sum = 0;
      for (let start = 0; start < data.count; start += batchSize) {
        const end = Math.min(data.count, start + batchSize);
        const batch = gatherBatch(data, order, start, end);
        const cd = { learningRate: isCode ? lr * LINEAR_LAYER_RATE : lr, momentum: epoch < MOMENTUM_SWITCH_EPOCH ? 0.5 : 0.9, weightDecay: WEIGHT_DECAY };
        sum += rbm.cd1Step(batch, cd, random) * (end - start);
        batch.dispose();
      }
      lastError = sum / data.count;
      options.onEpoch?.(l, epoch, lastError);
    }
    layerErrors.push(lastError);
    const [w, vb, hb] = [rbm.weights, rbm.visibleBias, rbm.hiddenBias];
    pairs[l]!.encoder.setWeights([w, hb]);
    const wT = tf.transpose(w);
    pairs[l]!.decoder.setWeights([wT, vb]);
    wT.dispose();
    // The next RBM sees this layer's hidden probabilities (means), as in the paper.
    if (!isCode) data = await mapSamples(data, (batch) => rbm.hiddenMeans(batch));
    rbm.dispose();
  }
  return { layerErrors };
}
