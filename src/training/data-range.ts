/**
 * Whether the data a run trains on lies where the model can reconstruct it. Most aekit models end
 * in a sigmoid (outputs in [0, 1]), so 0-255 pixels in a float array or CSV, a label column left
 * in, or standardised (negative) values train without error to a useless model. Binary
 * cross-entropy is not even defined for targets outside [0, 1]: that is refused; a mismatch with
 * the output's range gets a warning, both with the fix.
 */
import type { Autoencoder } from '../models/autoencoder.js';

/** The range a layer activation's outputs lie in. */
const ACTIVATION_RANGES: Record<string, [number, number]> = {
  sigmoid: [0, 1],
  hard_sigmoid: [0, 1],
  hardSigmoid: [0, 1],
  relu: [0, Infinity],
  relu6: [0, 6],
  softplus: [0, Infinity],
  tanh: [-1, 1],
  softsign: [-1, 1],
};

export function valueRange(values: Float32Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** The output activation of a model: the activation of its last layer that has one. */
function outputActivation(model: Autoencoder): string | undefined {
  const layers = model.model.layers;
  for (let i = layers.length - 1; i >= 0; i--) {
    const activation = layers[i]!.getConfig()['activation'];
    if (typeof activation === 'string') return activation;
  }
  return undefined;
}

const SCALE_FIX = 'scale them into [0, 1] (--scale minmax fits that on the training data) and take any label column out (--label-column for a CSV)';

/**
 * Throws when the loss cannot take these values; returns a warning (or undefined) when the
 * model's output cannot reach them.
 */
export function checkDataRange(values: Float32Array, what: string, model: Autoencoder): string | undefined {
  const { min, max } = valueRange(values);
  const found = `values range from ${min} to ${max}`;
  if (model.spec.loss === 'bce' && (min < 0 || max > 1)) {
    throw new Error(`${what}: ${found}, but the loss 'bce' (binary cross-entropy) needs values in [0, 1]: ${SCALE_FIX}, or train with --loss mse`);
  }
  const activation = outputActivation(model);
  const range = activation ? ACTIVATION_RANGES[activation] : undefined;
  if (!range || (min >= range[0] && max <= range[1])) return undefined;
  return `${what}: ${found}, but model '${model.name}' ends in ${activation} (outputs in [${range[0]}, ${range[1]}]) and cannot reconstruct them: ${SCALE_FIX}`;
}
