/**
 * How large a model aekit builds, checked before a single weight is allocated: a model spec read
 * from a file (aekit.json, config.json) or options typed on the command line (-o codeSize=...)
 * can ask for any size, and tfjs allocates every weight as it builds the layer. The limits are
 * far above every preset (the largest, 'deep', has 2.8 million weights) and are listed in the
 * README's Limits section.
 */
import { DATA_LIMITS } from '../data/limits.js';

export const MODEL_LIMITS = {
  /** Values in one input sample (height x width x channels, or a flat vector's length): what a reader may load. */
  inputValues: DATA_LIMITS.sampleValues,
  /** Weights in one layer (its kernel and bias): 64 MB as float32. */
  layerWeights: 1 << 24,
  /** Weights in the whole model: 128 MB as float32, four times that while training with Adam. */
  modelWeights: 1 << 25,
  /** Values one layer outputs per sample (a convolution's height x width x filters). */
  layerOutputValues: 1 << 24,
} as const;

export const count = (n: number) => n.toLocaleString('en-US');

export function checkInputShape(shape: number[], what: string): void {
  const values = shape.reduce((a, b) => a * b, 1);
  if (values > MODEL_LIMITS.inputValues) {
    throw new Error(`${what}: input shape [${shape.join(', ')}] holds ${count(values)} values per sample; at most ${count(MODEL_LIMITS.inputValues)} are allowed`);
  }
}

/** The weights charged so far to the model being built (builds are synchronous, one at a time). */
let building: { model: string; weights: number } | undefined;

/** Runs a model's build with its weights counted against `modelWeights`. */
export function withWeightBudget<T>(model: string, build: () => T): T {
  const outer = building;
  building = { model, weights: 0 };
  try {
    return build();
  } finally {
    building = outer;
  }
}

/**
 * Called by a layer before it allocates its weights: refuses a layer, or a model, larger than the
 * limits, naming the layer and its size. `shape` describes where the count comes from.
 */
export function chargeLayer(layer: string, weights: number, shape: string, outputValues = 0): void {
  const model = building ? `model '${building.model}': ` : '';
  const advice = 'choose smaller sizes (-o codeSize, hidden, filters, ...)';
  if (weights > MODEL_LIMITS.layerWeights) {
    throw new Error(`${model}layer '${layer}' would hold ${count(weights)} weights (${shape}); one layer may hold at most ${count(MODEL_LIMITS.layerWeights)}: ${advice}`);
  }
  if (outputValues > MODEL_LIMITS.layerOutputValues) {
    throw new Error(`${model}layer '${layer}' would output ${count(outputValues)} values per sample; at most ${count(MODEL_LIMITS.layerOutputValues)} are allowed: ${advice}`);
  }
  if (!building) return;
  building.weights += weights;
  if (building.weights > MODEL_LIMITS.modelWeights) {
    throw new Error(`${model}its layers up to '${layer}' would hold ${count(building.weights)} weights; a model may hold at most ${count(MODEL_LIMITS.modelWeights)}: ${advice}`);
  }
}
