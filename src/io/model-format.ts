/**
 * What a saved autoencoder is, wherever it is stored (a folder in Node, IndexedDB, downloaded
 * files, a web server): the network in TF.js layers format plus the aekit spec it is rebuilt
 * from. The spec rides in model.json's `userDefinedMetadata.aekit` (TF.js keeps that field and
 * ignores it), so a model.json alone says which aekit model it is; folders also keep aekit.json.
 * Environment-neutral: the stores are in model-io.ts (folders) and model-handlers.ts (tf.io).
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Autoencoder, ModelSpec } from '../models/autoencoder.js';
import { buildFromSpec } from '../models/registry.js';
import { MODEL_LIMITS } from '../models/limits.js';
import { checkModelSpec } from '../models/spec-check.js';

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value);
const valuesOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** The `format` field of aekit.json. */
export const FORMAT = 'aekit-model';
/** The version of aekit.json's layout. */
export const FORMAT_VERSION = 1;

export interface SavedSpec {
  format: typeof FORMAT;
  version: number;
  spec: ModelSpec;
  codeShape: number[];
}

/** The key under model.json's userDefinedMetadata that holds the SavedSpec. */
export const METADATA_KEY = 'aekit';

export function savedSpecOf(autoencoder: Autoencoder): SavedSpec {
  return { format: FORMAT, version: FORMAT_VERSION, spec: autoencoder.spec, codeShape: autoencoder.codeShape };
}

/**
 * Checks that parsed JSON is an aekit model description, its spec field by field and within
 * MODEL_LIMITS, before the model it describes is allocated; `where` names its source in errors.
 */
export function checkSavedSpec(value: unknown, where: string): SavedSpec {
  const saved = value as Partial<SavedSpec> | null;
  if (typeof saved !== 'object' || saved === null || saved.format !== FORMAT) {
    throw new Error(`${where}: not an aekit model (format '${String(saved?.format)}', expected '${FORMAT}')`);
  }
  if (typeof saved.spec !== 'object' || saved.spec === null || typeof saved.spec.name !== 'string') {
    throw new Error(`${where}: the aekit model description has no model spec (name, input shape, options)`);
  }
  checkModelSpec(saved.spec, `${where}: spec`);
  return saved as SavedSpec;
}

/** TF.js weight data (one buffer or several) as one buffer. */
export function joinWeightData(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (!data) return new ArrayBuffer(0);
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
}

/** A layers model's artifacts as one weight buffer (the shape both stores write). */
export async function layersArtifacts(model: tfl.LayersModel): Promise<{ topology: object; weightSpecs: tf.io.WeightsManifestEntry[]; weights: ArrayBuffer }> {
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.modelTopology || !captured.weightSpecs) throw new Error('aekit: the layers model produced no topology or weights to save');
  return { topology: captured.modelTopology, weightSpecs: captured.weightSpecs, weights: joinWeightData(captured.weightData) };
}

/** The float32 weight entries of a model.json, checked (names, shapes, dtype); their total stays within MODEL_LIMITS.modelWeights. */
export function checkWeightsManifest(modelJson: Record<string, unknown>, file: string): tf.io.WeightsManifestEntry[] {
  const manifest = modelJson['weightsManifest'];
  if (!Array.isArray(manifest)) throw new Error(`${file}: 'weightsManifest' must be a list of weight groups, found ${describe(manifest)}`);
  const entries: tf.io.WeightsManifestEntry[] = [];
  let total = 0;
  manifest.forEach((group: unknown, g) => {
    const weights = (group as { weights?: unknown } | null)?.weights;
    if (!Array.isArray(weights)) throw new Error(`${file}: weightsManifest[${g}].weights must be a list, found ${describe(weights)}`);
    weights.forEach((entry: unknown, i) => {
      const where = `${file}: weightsManifest[${g}].weights[${i}]`;
      const { name, shape, dtype } = (entry ?? {}) as { name?: unknown; shape?: unknown; dtype?: unknown };
      if (typeof name !== 'string') throw new Error(`${where}: 'name' must be a string, found ${describe(name)}`);
      if (!Array.isArray(shape) || shape.length > 8 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
        throw new Error(`${where} (${name}): 'shape' must be a list of at most 8 whole numbers, found ${JSON.stringify(shape)?.slice(0, 80)}`);
      }
      if (dtype !== 'float32') throw new Error(`${where} (${name}): dtype must be 'float32', found ${JSON.stringify(dtype)}`);
      total += valuesOf(shape as number[]);
      if (total > MODEL_LIMITS.modelWeights) {
        throw new Error(`${file}: its weights add up to more than ${MODEL_LIMITS.modelWeights} values (at '${name}'), beyond what a model may hold`);
      }
      entries.push({ name, shape: shape as number[], dtype });
    });
  });
  return entries;
}

/** Decodes a weight buffer in manifest order, checking its size; `where` names it in errors. */
export function decodeWeightList(specs: tf.io.WeightsManifestEntry[], buffer: ArrayBuffer, where: string): tf.Tensor[] {
  const expectedBytes = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (buffer.byteLength !== expectedBytes) {
    throw new Error(`${where}: expected ${expectedBytes} bytes for the weights listed in model.json, found ${buffer.byteLength}`);
  }
  const named = tf.io.decodeWeights(buffer, specs);
  return specs.map((spec) => named[spec.name]!);
}

/** Builds the model a SavedSpec describes and gives it `weights` (disposed here), checking shapes. */
export function rebuildAutoencoder(saved: SavedSpec, weights: tf.Tensor[], where: string): Autoencoder {
  const autoencoder = buildFromSpec(saved.spec);
  try {
    const expected = autoencoder.model.weights;
    if (weights.length !== expected.length) {
      throw new Error(`${where}: has ${weights.length} weight arrays, model '${saved.spec.name}' expects ${expected.length}`);
    }
    weights.forEach((w, i) => {
      const want = expected[i]!.shape.join('x');
      if (w.shape.join('x') !== want) throw new Error(`${where}: weight ${i} (${expected[i]!.originalName}) has shape ${w.shape.join('x')}, expected ${want}`);
    });
    autoencoder.model.setWeights(weights);
  } catch (error) {
    autoencoder.dispose();
    throw error;
  } finally {
    tf.dispose(weights);
  }
  return autoencoder;
}
