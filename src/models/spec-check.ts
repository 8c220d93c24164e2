/**
 * A model spec as read from a file (aekit.json, config.json): checked field by field, with the
 * input shape within MODEL_LIMITS, before a model is built from it.
 */
import type { ModelSpec } from './autoencoder.js';
import { checkInputShape } from './limits.js';

/** The spec, if it has a name, an input shape within the limits, a loss and an options object. */
export function checkModelSpec(spec: unknown, what: string): ModelSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new Error(`${what}: expected a model spec object, found ${spec === null ? 'null' : Array.isArray(spec) ? 'a list' : typeof spec}`);
  const record = spec as Record<string, unknown>;
  const { name, inputShape, loss, options } = record;
  if (typeof name !== 'string' || name === '') throw new Error(`${what}: 'name' must be a model name, found ${JSON.stringify(name) ?? 'nothing'}`);
  if (!Array.isArray(inputShape) || inputShape.length < 1 || inputShape.length > 3 || !inputShape.every((d) => Number.isInteger(d) && d >= 1)) {
    throw new Error(`${what}: 'inputShape' must be a list of 1 to 3 whole numbers >= 1, found ${JSON.stringify(inputShape)?.slice(0, 80) ?? 'nothing'}`);
  }
  checkInputShape(inputShape as number[], what);
  if (loss !== 'mse' && loss !== 'bce') throw new Error(`${what}: 'loss' must be 'mse' or 'bce', found ${JSON.stringify(loss) ?? 'nothing'}`);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw new Error(`${what}: 'options' must be an object of model options, found ${JSON.stringify(options)?.slice(0, 80) ?? 'nothing'}`);
  return spec as ModelSpec;
}

