/**
 * config.json as read back by `aekit train --resume`: a file anyone can edit or truncate, so each
 * field a resume relies on is checked, and a bad one is named with what was expected, before any
 * data is read or model built.
 */
import { checkModelSpec } from '../models/spec-check.js';

function fail(file: string, field: string, expected: string, found: unknown): never {
  throw new Error(`${file}: '${field}' must be ${expected}, found ${JSON.stringify(found)?.slice(0, 80) ?? 'nothing'}`);
}

const positiveInteger = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 1;

/** Throws naming the first field a resume cannot use. */
export function checkRunConfigFields(config: Record<string, unknown>, file: string): void {
  checkModelSpec(config['modelSpec'], `${file}: modelSpec`);
  if (typeof config['model'] !== 'string') fail(file, 'model', 'a model name', config['model']);
  if (typeof config['dataset'] !== 'string' || config['dataset'] === '') fail(file, 'dataset', "a dataset name or path", config['dataset']);
  // An imported run has trained 0 epochs of its own.
  if (!(Number.isInteger(config['epochs']) && (config['epochs'] as number) >= 0)) fail(file, 'epochs', 'a whole number >= 0', config['epochs']);
  if (!positiveInteger(config['batchSize'])) fail(file, 'batchSize', 'a whole number >= 1', config['batchSize']);
  const learningRate = config['learningRate'];
  if (typeof learningRate !== 'number' || !(learningRate > 0) || !Number.isFinite(learningRate)) fail(file, 'learningRate', 'a number > 0', learningRate);
  if (!Number.isInteger(config['seed'])) fail(file, 'seed', 'a whole number', config['seed']);
  const validation = config['validation'];
  if (validation !== 'test' && !(typeof validation === 'number' && validation > 0 && validation < 1)) fail(file, 'validation', "'test' or a fraction between 0 and 1", validation);
  const imageShape = config['imageShape'];
  if (!Array.isArray(imageShape) || imageShape.length !== 3 || !imageShape.every(positiveInteger)) fail(file, 'imageShape', '[height, width, channels] of whole numbers >= 1', imageShape);
}
