/**
 * How useful features are for classification, the standard test of a representation: a linear
 * probe (multinomial logistic regression on standardised features, full-batch Adam, accuracy on
 * held-out samples) and k-nearest-neighbour accuracy (Euclidean, majority vote of k). Used to
 * compare an autoencoder's codes with raw pixels and with PCA codes of the same size.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers the gradients of the core ops (the probe trains without layers, but needs them).
import '@tensorflow/tfjs-layers';
import { Adam } from '../optimizers/adam.js';

export interface Features {
  /** count x dim, row-major. */
  data: Float32Array;
  count: number;
  dim: number;
  labels: Int32Array;
}

export interface LinearProbeOptions {
  /** Full-batch gradient steps (default 300). */
  steps?: number;
  learningRate?: number;
  /** L2 penalty on the weights (default 1e-4). */
  l2?: number;
}

function checkFeatures(f: Features, what: string): void {
  if (f.count < 1) throw new Error(`${what}: no samples (empty dataset)`);
  if (f.data.length !== f.count * f.dim) throw new Error(`${what}: ${f.count} samples of ${f.dim} values need ${f.count * f.dim} values, found ${f.data.length}`);
  if (f.labels.length !== f.count) throw new Error(`${what}: ${f.labels.length} labels for ${f.count} samples (features need one label each)`);
}

function checkPair(train: Features, test: Features): void {
  checkFeatures(train, 'training features');
  checkFeatures(test, 'test features');
  if (train.dim !== test.dim) throw new Error(`training features have ${train.dim} values each, test features ${test.dim}`);
}

function classCount(train: Features, test: Features): number {
  let max = 0;
  for (const labels of [train.labels, test.labels]) for (const l of labels) max = Math.max(max, l);
  return max + 1;
}

function accuracy(predicted: Int32Array | ArrayLike<number>, labels: Int32Array): number {
  let right = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) right++;
  return right / labels.length;
}

/** Test accuracy of a softmax classifier trained on the training features. */
export function linearProbeAccuracy(train: Features, test: Features, options: LinearProbeOptions = {}): number {
  checkPair(train, test);
  const classes = classCount(train, test);
  const steps = options.steps ?? 300;
  const l2 = options.l2 ?? 1e-4;
  // Standardise with the training statistics so one learning rate fits pixels and codes alike.
  const mean = new Float32Array(train.dim);
  const std = new Float32Array(train.dim);
  for (let n = 0; n < train.count; n++) for (let j = 0; j < train.dim; j++) mean[j] += train.data[n * train.dim + j]! / train.count;
  for (let n = 0; n < train.count; n++) for (let j = 0; j < train.dim; j++) std[j] += (train.data[n * train.dim + j]! - mean[j]!) ** 2 / train.count;
  for (let j = 0; j < train.dim; j++) std[j] = Math.sqrt(std[j]!) || 1;
  const standardise = (f: Features) => tf.tidy(() => tf.div(tf.sub(tf.tensor2d(f.data, [f.count, f.dim]), tf.tensor1d(mean)), tf.tensor1d(std)));

  const x = standardise(train);
  // In tidy: the labels tensor and the zeros the variables start from are not kept.
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, 'int32'), classes));
  const weights = tf.tidy(() => tf.variable(tf.zeros([train.dim, classes]), true, 'probe_w'));
  const bias = tf.tidy(() => tf.variable(tf.zeros([classes]), true, 'probe_b'));
  const adam = new Adam({ learningRate: options.learningRate ?? 0.05 });
  try {
    for (let step = 0; step < steps; step++) {
      const { grads, value } = tf.variableGrads(() =>
        tf.tidy(() => {
          const logits = tf.add(tf.matMul(x, weights), bias);
          const ce = tf.losses.softmaxCrossEntropy(y, logits);
          return tf.add(ce, tf.mul(l2, tf.sum(tf.square(weights)))) as tf.Scalar;
        }),
      [weights, bias]);
      adam.apply([weights, bias], [grads[weights.name]!, grads[bias.name]!]);
      tf.dispose([value, ...Object.values(grads)]);
    }
    const predicted = tf.tidy(() => tf.argMax(tf.add(tf.matMul(standardise(test), weights), bias), 1).dataSync());
    return accuracy(predicted as Int32Array, test.labels);
  } finally {
    tf.dispose([x, y, weights, bias]);
    adam.dispose();
  }
}

/** Test accuracy of k-nearest-neighbour voting over the training features (ties: nearest wins). */
export function knnAccuracy(train: Features, test: Features, k = 5): number {
  checkPair(train, test);
  if (!Number.isInteger(k) || k < 1 || k > train.count) throw new Error(`kNN: k must be a whole number from 1 to ${train.count} (training samples), got ${k}`);
  const classes = classCount(train, test);
  const predicted = new Int32Array(test.count);
  const trainX = tf.tensor2d(train.data, [train.count, train.dim]);
  const trainNorms = tf.tidy(() => tf.sum(tf.square(trainX), 1));
  const chunk = 256;
  try {
    for (let start = 0; start < test.count; start += chunk) {
      const end = Math.min(test.count, start + chunk);
      const indices = tf.tidy(() => {
        const q = tf.tensor2d(test.data.subarray(start * test.dim, end * test.dim), [end - start, test.dim]);
        // |q - t|^2 up to the per-row constant |q|^2, which does not change the ranking.
        const distance = tf.sub(trainNorms, tf.mul(2, tf.matMul(q, trainX, false, true)));
        return tf.topk(tf.neg(distance), k).indices;
      });
      const nearest = indices.dataSync();
      indices.dispose();
      for (let row = 0; row < end - start; row++) {
        const votes = new Int32Array(classes);
        let best = -1;
        for (let r = 0; r < k; r++) {
          const label = train.labels[nearest[row * k + r]!]!;
          votes[label]!++;
          // The first (nearest) label to reach the highest count wins a tie.
          if (best < 0 || votes[label]! > votes[best]!) best = label;
        }
        predicted[start + row] = best;
      }
    }
  } finally {
    tf.dispose([trainX, trainNorms]);
  }
  return accuracy(predicted, test.labels);
}
