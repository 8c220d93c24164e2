/**
 * Models by name. Each entry is data: a description, its default input shape, loss and config,
 * and the builder that turns a config into an Autoencoder. `buildModel` merges user options over
 * the defaults, rejects unknown options, and records the merged spec so a saved model can be
 * rebuilt exactly.
 */
import type { Autoencoder, ModelSpec, ReconstructionLoss } from './autoencoder.js';
import type { ModelEntry } from './model-entry.js';
import { buildDenseAutoencoder, DENSE_DEFAULTS, denseConfig, type DenseConfig } from './presets/dense.js';
import { buildConv1, buildConv2, conv1Config, conv2Config, CONV1_DEFAULTS, CONV2_DEFAULTS } from './presets/conv.js';
import { KERAS_CONV_DENOISE_ENTRY } from './presets/keras-examples.js';
import { IMPORTED_ENTRY } from './imported/imported.js';
import { seedInitialWeights } from './seeded-init.js';
import { Random } from '../util/random.js';
import { VARIANT_ENTRIES } from './variants/index.js';
import { checkFittedScaling, type FittedScaling } from '../data/scaling.js';
import { withWeightBudget } from './limits.js';
import { checkModelSpec } from './spec-check.js';

export type { ModelEntry } from './model-entry.js';

const MNIST_IMAGE = [28, 28, 1];
const MNIST_FLAT = [784];

function denseEntry(name: string, description: string, overrides: Partial<DenseConfig>): ModelEntry {
  const defaults = { ...DENSE_DEFAULTS, ...overrides };
  return {
    name,
    description,
    defaultInputShape: MNIST_FLAT,
    defaultLoss: 'mse',
    defaults,
    build: (spec) => buildDenseAutoencoder(spec, denseConfig(spec)),
  };
}

const ENTRIES: ModelEntry[] = [
  denseEntry('dense', 'seed 784-32-784 dense autoencoder, relu code, sigmoid output (50,992 params)', {}),
  denseEntry('dense-392', 'seed 784-392-784 dense autoencoder (half-size code)', { codeSize: 392 }),
  denseEntry('deep', 'Hinton & Salakhutdinov 784-1000-500-250-30 deep autoencoder, linear code (2,837,314 params)', {
    hidden: [1000, 500, 250],
    codeSize: 30,
    codeActivation: 'linear',
  }),
  {
    name: 'conv1',
    description: 'seed approach 1: conv/pool x4 down to 2x2x8, conv/upsample x4 back (6,705 params)',
    defaultInputShape: MNIST_IMAGE,
    defaultLoss: 'mse',
    defaults: { ...CONV1_DEFAULTS },
    build: (spec) => buildConv1(spec, conv1Config(spec)),
  },
  {
    name: 'conv2',
    description: 'seed approach 2: conv/pool/LeakyReLU/BatchNorm x2 down to 7x7x8 and back (2,109 params)',
    defaultInputShape: MNIST_IMAGE,
    defaultLoss: 'mse',
    defaults: { ...CONV2_DEFAULTS },
    build: (spec) => buildConv2(spec, conv2Config(spec)),
  },
  KERAS_CONV_DENOISE_ENTRY,
];

const REGISTRY = new Map<string, ModelEntry>([...ENTRIES, ...VARIANT_ENTRIES].map((entry) => [entry.name, entry]));

/** Adds a model family (used by the variant modules). A name can be registered once. */
export function registerModel(entry: ModelEntry): void {
  if (REGISTRY.has(entry.name)) throw new Error(`model '${entry.name}' is already registered`);
  REGISTRY.set(entry.name, entry);
}

/** Every model the registry knows, with its description and default options. */
export function listModels(): ModelEntry[] {
  return [...REGISTRY.values()];
}

/** Models rebuilt from a saved spec only (not trained by name, so not listed): Keras imports. */
const SPEC_ONLY = new Map<string, ModelEntry>([[IMPORTED_ENTRY.name, IMPORTED_ENTRY]]);

/** The registry entry of a model name, or an error listing the names. */
export function getModelEntry(name: string): ModelEntry {
  const entry = REGISTRY.get(name) ?? SPEC_ONLY.get(name);
  if (!entry) {
    throw new Error(`unknown model '${name}': expected one of ${[...REGISTRY.keys()].join(', ')}`);
  }
  return entry;
}

export interface BuildOptions {
  /** Input shape without the batch dimension; defaults to MNIST's (flat for dense models). */
  inputShape?: number[];
  loss?: ReconstructionLoss;
  /** Model-specific options, merged over the entry's defaults. */
  options?: Record<string, unknown>;
  /** Seed for the initial weights; without it tfjs draws them unseeded. */
  seed?: number;
  /** The scaling fitted on the training data, saved in the spec (see ModelSpec.inputScaling). */
  inputScaling?: FittedScaling;
}

function mergeOptions(entry: ModelEntry, given: Record<string, unknown> = {}): Record<string, unknown> {
  const options: Record<string, unknown> = { ...entry.defaults };
  for (const [key, value] of Object.entries(given)) {
    if (!(key in entry.defaults)) {
      const known = Object.keys(entry.defaults);
      throw new Error(`model '${entry.name}': unknown option '${key}' (options: ${known.length ? known.join(', ') : 'none'})`);
    }
    if (value !== undefined) options[key] = value;
  }
  return options;
}

/**
 * A new model by name from the registry, its options merged over the defaults (unknown or ill-typed options fail
 * naming the option), with seeded initial weights when `seed` is given.
 *
 * @example
 * const autoencoder = models.buildModel('dense', { options: { hidden: [256], codeSize: 32 }, seed: 1 });
 * console.log(autoencoder.codeShape); // [32]
 */
export function buildModel(name: string, build: BuildOptions = {}): Autoencoder {
  const entry = getModelEntry(name);
  const options = mergeOptions(entry, build.options);
  const spec: ModelSpec = {
    name,
    inputShape: build.inputShape ?? inputShapeFor(name, MNIST_IMAGE as [number, number, number], options),
    loss: build.loss ?? entry.defaultLoss,
    options,
    ...(build.inputScaling ? { inputScaling: build.inputScaling } : {}),
  };
  return buildFromSpec(spec, build.seed);
}

/**
 * Rebuilds a model from a saved spec (its options are already complete). The spec is checked
 * and the weights counted against MODEL_LIMITS before any is allocated.
 */
export function buildFromSpec(spec: ModelSpec, seed?: number): Autoencoder {
  const name: unknown = (spec as { name?: unknown } | null)?.name;
  checkModelSpec(spec, typeof name === 'string' ? `model '${name}'` : 'model spec');
  if (spec.inputScaling !== undefined) checkFittedScaling(spec.inputScaling, spec.inputShape.reduce((a, b) => a * b, 1), `model '${spec.name}'`);
  const autoencoder = withWeightBudget(spec.name, () => getModelEntry(spec.name).build(spec));
  if (seed !== undefined) seedInitialWeights(autoencoder.model, Random.derive(seed, 0x1417));
  return autoencoder;
}

/** The input shape a model (with these options) needs for images of the given shape: flat for dense models. */
export function inputShapeFor(name: string, imageShape: [number, number, number], options: Record<string, unknown> = {}): number[] {
  const entry = getModelEntry(name);
  const layout = entry.inputLayout?.(mergeOptions(entry, options)) ?? (entry.defaultInputShape.length === 1 ? 'flat' : 'image');
  return layout === 'flat' ? [imageShape[0] * imageShape[1] * imageShape[2]] : [...imageShape];
}
