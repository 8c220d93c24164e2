/**
 * Adam (Kingma & Ba) with Keras's defaults (epsilon 1e-7) and update rule. Written here rather
 * than taken from tfjs-core because training needs what tfjs's optimizer hides: a settable
 * learning rate (ReduceLROnPlateau), and state that can be saved with a checkpoint and restored
 * by variable position (variable names change between processes) for exact resumes.
 *
 * On backends that keep tensors in JS memory (cpu, native) the update runs in place, in one
 * pass over each variable, instead of as ~12 tensor ops per variable.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

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

export interface AdamOptions {
  /**
   * Update in place on backends that keep tensors in JS memory (default true); false forces
   * the tensor-op update that every backend runs (used to compare the two).
   */
  inPlace?: boolean;
}

/** Adam's step on w, m and v in place (g only read); the bias corrections are in stepSize. */
type InPlaceUpdate = (w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array,
  stepSize: number, beta1: number, beta2: number, epsilon: number) => void;

/** A backend with its own fused step (the native engine's SIMD, multithreaded kernel). */
interface FusedAdamBackend {
  adamUpdate: InPlaceUpdate;
}

/** The step in float32 arithmetic rounded op by op like the tensor-op path, so both agree exactly. */
function updateInJs(w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array,
  stepSize: number, beta1: number, beta2: number, epsilon: number): void {
  const f = Math.fround;
  const [b1, b2, c1, c2, step, eps] = [f(beta1), f(beta2), f(1 - beta1), f(1 - beta2), f(stepSize), f(epsilon)];
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = (m[i] = f(f(m[i]! * b1) + f(gi * c1)));
    const vi = (v[i] = f(f(v[i]! * b2) + f(f(gi * gi) * c2)));
    w[i] = w[i]! - f(f(mi * step) / f(f(Math.sqrt(vi)) + eps));
  }
}

/**
 * Data ids whose arrays Adam allocated itself and may therefore overwrite. Anything else (a
 * variable made from a caller's tensor or TypedArray, or re-assigned since) is copied first.
 */
const ownDataIds = new WeakSet<object>();

/** A float32 tensor's array on `backend`, or null when it lives elsewhere or is not float32. */
function arrayOf(backend: MathBackendCPU, t: tf.Tensor): Float32Array | null {
  if (t.dtype !== 'float32' || !backend.data.has(t.dataId)) return null;
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : null;
}

/**
 * The variable's array, first given a private copy if anything else may see it: an array Adam
 * did not allocate, or other tensors on the same data id (the backend's refCount counts them,
 * e.g. a live reshape or the tensor the variable was made from).
 */
function ownedArray(backend: MathBackendCPU, variable: tf.Variable): Float32Array | null {
  const values = arrayOf(backend, variable);
  if (!values) return null;
  if (ownDataIds.has(variable.dataId) && backend.refCount(variable.dataId) === 1) return values;
  const copy = tf.tensor(Float32Array.from(values), variable.shape, 'float32');
  variable.assign(copy);
  copy.dispose();
  ownDataIds.add(variable.dataId);
  return arrayOf(backend, variable);
}

/** A non-trainable variable on a private copy of `values` (zeros when omitted). */
function momentVariable(shape: number[], values?: Float32Array): tf.Variable {
  const array = values ? Float32Array.from(values) : new Float32Array(shape.reduce((a, b) => a * b, 1));
  const variable = tf.tidy(() => tf.variable(tf.tensor(array, shape, 'float32'), false));
  ownDataIds.add(variable.dataId);
  return variable;
}

/** Adam (Kingma & Ba) with Keras's defaults, whose moments can be saved and restored so a resumed run continues exactly. */
export class Adam {
  readonly config: AdamConfig;
  learningRate: number;
  iterations = 0;
  private moments: { m: tf.Variable; v: tf.Variable }[] = [];
  private readonly inPlace: boolean;

  constructor(config: Partial<AdamConfig> = {}, options: AdamOptions = {}) {
    this.config = { ...ADAM_DEFAULTS, ...config };
    this.learningRate = this.config.learningRate;
    this.inPlace = options.inPlace ?? true;
  }

  /** Applies one update; `gradients[i]` belongs to `variables[i]`. Gradients are never modified. */
  apply(variables: tf.Variable[], gradients: tf.Tensor[]): void {
    if (this.moments.length === 0) {
      this.moments = variables.map((v) => ({ m: momentVariable(v.shape), v: momentVariable(v.shape) }));
    }
    if (this.moments.length !== variables.length) {
      throw new Error(`Adam: optimizer state has ${this.moments.length} slots but ${variables.length} variables were given`);
    }
    this.iterations += 1;
    const { beta1, beta2, epsilon } = this.config;
    const t = this.iterations;
    const stepSize = (this.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    const backend = this.inPlace ? tf.backend() : undefined;
    const jsMemory = backend instanceof MathBackendCPU ? backend : undefined;
    const fused = (backend as Partial<FusedAdamBackend> | undefined)?.adamUpdate;
    const update: InPlaceUpdate = fused ? fused.bind(backend) : updateInJs;
    tf.tidy(() => {
      variables.forEach((variable, i) => {
        const g = gradients[i]!;
        const slot = this.moments[i]!;
        if (jsMemory) {
          const gValues = arrayOf(jsMemory, g);
          const w = gValues && ownedArray(jsMemory, variable);
          const m = w && ownedArray(jsMemory, slot.m);
          const v = m && ownedArray(jsMemory, slot.v);
          if (gValues && w && m && v) {
            update(w, m, v, gValues, stepSize, beta1, beta2, epsilon);
            return;
          }
        }
        const m = tf.add(tf.mul(slot.m, beta1), tf.mul(g, 1 - beta1));
        const v = tf.add(tf.mul(slot.v, beta2), tf.mul(tf.square(g), 1 - beta2));
        slot.m.assign(m);
        slot.v.assign(v);
        variable.assign(tf.sub(variable, tf.div(tf.mul(m, stepSize), tf.add(tf.sqrt(v), epsilon))));
      });
    });
  }

  /** The step count and both moment estimates, for a checkpoint. */
  getState(): AdamState {
    return {
      config: { ...this.config, learningRate: this.learningRate },
      iterations: this.iterations,
      // Copies: on cpu-like backends dataSync returns the live array, which later steps overwrite.
      moments: this.moments.map((slot) => ({ m: Float32Array.from(slot.m.dataSync()), v: Float32Array.from(slot.v.dataSync()) })),
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
      return { m: momentVariable(shape, slot.m), v: momentVariable(shape, slot.v) };
    });
  }

  /** Frees the moment tensors. */
  dispose(): void {
    for (const slot of this.moments) {
      slot.m.dispose();
      slot.v.dispose();
    }
    this.moments = [];
  }
}
