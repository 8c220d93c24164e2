/**
 * Adam (Kingma & Ba) with Keras's defaults (epsilon 1e-7) and update rule. Written here rather
 * than taken from tfjs-core because training needs what tfjs's optimizer hides: a settable
 * learning rate (ReduceLROnPlateau), and state that can be saved with a checkpoint and restored
 * by variable position (variable names change between processes) for exact resumes.
 */
import * as tf from '@tensorflow/tfjs-core';

export interface AdamConfig {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const ADAM_DEFAULTS: AdamConfig = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 };

/** Saved optimizer state: moments in variable order. */
export interface AdamState {
  config: AdamConfig;
  iterations: number;
  moments: { m: Float32Array; v: Float32Array }[];
}

export class Adam {
  readonly config: AdamConfig;
  learningRate: number;
  iterations = 0;
  private moments: { m: tf.Variable; v: tf.Variable }[] = [];

  constructor(config: Partial<AdamConfig> = {}) {
    this.config = { ...ADAM_DEFAULTS, ...config };
    this.learningRate = this.config.learningRate;
  }

  /** Applies one update; `gradients[i]` belongs to `variables[i]`. */
  apply(variables: tf.Variable[], gradients: tf.Tensor[]): void {
    if (this.moments.length === 0) {
      this.moments = variables.map((v) => ({ m: tf.variable(tf.zerosLike(v), false), v: tf.variable(tf.zerosLike(v), false) }));
    }
    if (this.moments.length !== variables.length) {
      throw new Error(`Adam: optimizer state has ${this.moments.length} slots but ${variables.length} variables were given`);
    }
    this.iterations += 1;
    const { beta1, beta2, epsilon } = this.config;
    const t = this.iterations;
    const stepSize = (this.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    tf.tidy(() => {
      variables.forEach((variable, i) => {
        const g = gradients[i]!;
        const slot = this.moments[i]!;
        const m = tf.add(tf.mul(slot.m, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(slot.v, beta2), tf.mul(tf.square(g), 1 - beta2));
        slot.m.assign(m);
        slot.v.assign(v);
        variable.assign(tf.sub(variable, tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), epsilon))));
      });
    });
  }

  getState(): AdamState {
    return {
      config: { ...this.config, learningRate: this.learningRate },
      iterations: this.iterations,
      moments: this.moments.map((slot) => ({ m: slot.m.dataSync() as Float32Array, v: slot.v.dataSync() as Float32Array })),
    };
  }

  /** Restores state saved by `getState`; shapes must match the variables it will update. */
  setState(state: AdamState, variables: tf.Variable[]): void {
    if (state.moments.length !== 0 && state.moments.length !== variables.length) {
      throw new Error(`Adam: saved state has ${state.moments.length} slots, the model has ${variables.length} trainable variables`);
    }
    this.dispose();
    this.learningRate = state.config.learningRate;
    this.iterations = state.iterations;
    this.moments = state.moments.map((slot, i) => {
      const shape = variables[i]!.shape;
      if (slot.m.length !== variables[i]!.size) {
        throw new Error(`Adam: saved moment ${i} has ${slot.m.length} values, variable '${variables[i]!.name}' has ${variables[i]!.size}`);
      }
      return { m: tf.variable(tf.tensor(slot.m, shape), false), v: tf.variable(tf.tensor(slot.v, shape), false) };
    });
  }

  dispose(): void {
    for (const slot of this.moments) {
      slot.m.dispose();
      slot.v.dispose();
    }
    this.moments = [];
  }
}
