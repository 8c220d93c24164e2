/**
 * Greedy layer-wise pretraining, written once for every scheme: from the input inwards, train one
 * pair (an encoder layer and the decoder layer that mirrors it) on the codes of the pairs below,
 * copy its weights into the deep model, and feed its codes to the next pair. A scheme only says
 * how to train one pair: a shallow autoencoder (greedy.ts) or an RBM with CD-1 (rbm-pair.ts).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { mapSamples, sampleSize, type SampleSet } from '../../data/samples.js';
import type { Autoencoder } from '../../models/autoencoder.js';
import { mirroredLayerPairs } from '../../models/variants/layer-pairs.js';

/** One trained pair, ready to be copied into the deep model. */
export interface TrainedPair {
  /** Last-epoch training loss (reconstruction error) of the pair. */
  loss: number;
  /** The weights of the encoder layer and of its mirrored decoder layer, in their layers' order. */
  encoderWeights: tf.Tensor[];
  decoderWeights: tf.Tensor[];
  /** This pair's codes for a batch of its inputs: the next pair's inputs. */
  encode(batch: tf.Tensor): tf.Tensor;
  dispose(): void;
}

/** What every pretraining scheme takes; left out, each falls back to the model's own options. */
export interface PretrainOptions {
  epochs?: number;
  /** RBM: CD-1 learning rate of the binary layers; stacked: Adam's learning rate. */
  lr?: number;
  batchSize?: number;
  seed?: number;
  /** Called after every epoch of every layer with its loss (RBM: reconstruction error). */
  onEpoch?: (layer: number, epoch: number, loss: number) => void;
}

/** Trains pair `layer` (0 = the input's) on its inputs; `isCode` for the innermost pair. */
export type PairTrainer = (layer: number, inputs: SampleSet, isCode: boolean) => Promise<TrainedPair>;

/** Pretrains the model's `hiddenCount + 1` mirrored pairs in place; returns each pair's loss. */
export async function pretrainLayerwise(model: Autoencoder, samples: SampleSet, hiddenCount: number, trainPair: PairTrainer): Promise<number[]> {
  const pairs = mirroredLayerPairs(model, hiddenCount);
  let inputs: SampleSet = { data: samples.data, count: samples.count, sampleShape: [sampleSize(samples.sampleShape)] };
  const losses: number[] = [];
  for (let l = 0; l < pairs.length; l++) {
    const isCode = l === pairs.length - 1;
    const trained = await trainPair(l, inputs, isCode);
    losses.push(trained.loss);
    pairs[l]!.encoder.setWeights(trained.encoderWeights);
    pairs[l]!.decoder.setWeights(trained.decoderWeights);
    if (!isCode) inputs = await mapSamples(inputs, (batch) => trained.encode(batch));
    trained.dispose();
  }
  return losses;
}
