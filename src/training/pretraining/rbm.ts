/**
 * A restricted Boltzmann machine trained by one-step contrastive divergence (CD-1), as in Hinton
 * & Salakhutdinov (2006) and their rbm.m / rbmhidlinear.m: binary visible units (or visible
 * probabilities of the layer below), binary hidden units, or linear hidden units with unit-variance
 * Gaussian noise for the code layer. Updates use momentum (0.5 for the first 5 epochs, then 0.9)
 * and L2 weight decay 0.0002, like the paper's code.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../util/random.js';

export type HiddenUnits = 'binary' | 'gaussian';

export interface CdOptions {
  learningRate: number;
  momentum: number;
  weightDecay: number;
}

export class Rbm {
  readonly weights: tf.Variable;
  readonly visibleBias: tf.Variable;
  readonly hiddenBias: tf.Variable;
  private readonly velocity: tf.Variable[];

  constructor(readonly visible: number, readonly hidden: number, readonly hiddenUnits: HiddenUnits, random: Random) {
    // The paper's code draws initial weights from N(0, 0.1^2), biases zero.
    this.weights = tf.variable(tf.randomNormal([visible, hidden], 0, 0.1, 'float32', random.nextSeed()));
    this.visibleBias = tf.variable(tf.zeros([visible]));
    this.hiddenBias = tf.variable(tf.zeros([hidden]));
    this.velocity = [tf.variable(tf.zeros([visible, hidden])), tf.variable(tf.zeros([visible])), tf.variable(tf.zeros([hidden]))];
  }

  /** P(h = 1 | v) for binary units, E[h | v] for Gaussian ones. */
  hiddenMeans(v: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const activation = tf.add(tf.matMul(v, this.weights), this.hiddenBias);
      return this.hiddenUnits === 'binary' ? tf.sigmoid(activation) : activation;
    });
  }

  visibleProbabilities(h: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(h, this.weights, false, true), this.visibleBias)));
  }

  sampleHidden(means: tf.Tensor, random: Random): tf.Tensor {
    return tf.tidy(() =>
      this.hiddenUnits === 'binary'
        ? tf.cast(tf.less(tf.randomUniform(means.shape, 0, 1, 'float32', random.nextSeed()), means), 'float32')
        : tf.add(means, tf.randomNormal(means.shape, 0, 1, 'float32', random.nextSeed())),
    );
  }

  /** One CD-1 update on a batch; returns the batch's mean squared one-step reconstruction error. */
  cd1Step(v0: tf.Tensor, options: CdOptions, random: Random): number {
    const error = tf.tidy(() => {
      const n = v0.shape[0]!;
      const h0 = this.hiddenMeans(v0);
      const v1 = this.visibleProbabilities(this.sampleHidden(h0, random));
      const h1 = this.hiddenMeans(v1);
      const gradW = tf.div(tf.sub(tf.matMul(v0, h0, true, false), tf.matMul(v1, h1, true, false)), n);
      const gradV = tf.mean(tf.sub(v0, v1), 0);
      const gradH = tf.mean(tf.sub(h0, h1), 0);
      const steps = [tf.sub(gradW, tf.mul(options.weightDecay, this.weights)), gradV, gradH];
      const params = [this.weights, this.visibleBias, this.hiddenBias];
      steps.forEach((step, i) => {
        const velocity = this.velocity[i]!;
        velocity.assign(tf.add(tf.mul(options.momentum, velocity), tf.mul(options.learningRate, step)));
        params[i]!.assign(tf.add(params[i]!, velocity));
      });
      return tf.mean(tf.squaredDifference(v0, v1));
    });
    const value = error.dataSync()[0]!;
    error.dispose();
    return value;
  }

  dispose(): void {
    tf.dispose([this.weights, this.visibleBias, this.hiddenBias, ...this.velocity]);
  }
}
