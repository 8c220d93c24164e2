/**
 * Saving and loading autoencoders in Node. A saved model is a folder:
 *   aekit.json            the model spec (name, input shape, loss, options) aekit rebuilds it from
 *   model.json, weights.bin              the whole network in TF.js layers format, the spec
 *                         again in model.json's userDefinedMetadata (so the folder, served over
 *                         http, loads in a page: model-handlers.ts)
 *   encoder/, decoder/    each part in TF.js layers format (the dashboard decodes in the browser;
 *                         a tied decoder is saved untied, see standalone-decoder.ts)
 *   optimizer.json, optimizer.bin        Adam state, when saved for resuming
 *   state.json            caller's extra JSON (training progress), when given
 * Folders are replaced atomically: a crash mid-save leaves the previous save intact. A URL
 * ('http://...') or a tf.io handler goes to model-handlers.ts instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Autoencoder } from '../models/autoencoder.js';
import type { Adam, AdamState } from '../optimizers/adam.js';
import { replaceFolderAtomic, resolveAtomicFolder } from '../util/atomic.js';
import { namedWrite } from '../util/file-errors.js';
import { checkSavedSpec, checkWeightsManifest, decodeWeightList, layersArtifacts, METADATA_KEY, rebuildAutoencoder, savedSpecOf, type SavedSpec } from './model-format.js';
import { readExactBytes, readJsonObject } from './saved-files.js';
import { MODEL_LIMITS } from '../models/limits.js';
import { isStoreUrl, loadAutoencoder as loadFromStore, saveAutoencoder as saveToStore, type ModelStore } from './model-handlers.js';
import { standaloneDecoder } from './standalone-decoder.js';

/** A file of a model folder being saved; a failure names the file (ENOSPC and EACCES messages do not). */
function writeNamed(file: string, data: string | Uint8Array): Promise<void> {
  return namedWrite(file, () => fs.writeFile(file, data));
}

/**
 * Writes a tfjs-layers model as model.json + weights.bin (the format tf.loadLayersModel reads),
 * with `metadata` as model.json's userDefinedMetadata.
 */
async function writeLayersModel(model: tfl.LayersModel, dir: string, metadata?: Record<string, unknown>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const { topology, weightSpecs, weights } = await layersArtifacts(model);
  const modelJson = {
    format: 'layers-model',
    generatedBy: `aekit (TensorFlow.js ${tf.version_core})`,
    convertedBy: null,
    modelTopology: topology,
    weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }],
    ...(metadata ? { userDefinedMetadata: metadata } : {}),
  };
  await writeNamed(path.join(dir, 'model.json'), JSON.stringify(modelJson));
  await writeNamed(path.join(dir, 'weights.bin'), new Uint8Array(weights));
}

/** Reads weights.bin of a folder written by `writeLayersModel`, in the model's weight order. */
async function readLayersWeights(dir: string): Promise<tf.Tensor[]> {
  const modelJsonPath = path.join(dir, 'model.json');
  // The manifest is checked, and weights.bin's size against it, before a byte of weights is read.
  const specs = checkWeightsManifest(await readJsonObject(modelJsonPath), modelJsonPath);
  const expectedBytes = specs.reduce((sum, s) => sum + s.shape.reduce((a, b) => a * b, 1) * 4, 0);
  const buffer = await readExactBytes(path.join(dir, 'weights.bin'), expectedBytes, 'the weights listed in model.json');
  return decodeWeightList(specs, buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength), path.join(dir, 'weights.bin'));
}

export interface SaveExtras {
  optimizer?: Adam;
  state?: unknown;
}

/**
 * Saves to a folder (atomically), or to a tf.io store when `dir` is a URL ('http://...') or a
 * handler; a store keeps the model and `state` but not the optimizer state.
 */
export async function saveAutoencoder(autoencoder: Autoencoder, dir: string | tf.io.IOHandler, extras: SaveExtras = {}): Promise<void> {
  if (typeof dir !== 'string' || isStoreUrl(dir)) {
    await saveToStore(autoencoder, dir, extras.state !== undefined ? { state: extras.state } : {});
    return;
  }
  await replaceFolderAtomic(dir, async (temp) => {
    const saved: SavedSpec = savedSpecOf(autoencoder);
    await writeNamed(path.join(temp, 'aekit.json'), JSON.stringify(saved, null, 2));
    await writeLayersModel(autoencoder.model, temp, { [METADATA_KEY]: saved });
    await writeLayersModel(autoencoder.encoder, path.join(temp, 'encoder'));
    const decoder = await standaloneDecoder(autoencoder.decoder);
    try {
      await writeLayersModel(decoder.model, path.join(temp, 'decoder'));
    } finally {
      if (decoder.owned) decoder.model.dispose();
    }
    if (extras.optimizer) await writeOptimizer(extras.optimizer.getState(), temp);
    if (extras.state !== undefined) await writeNamed(path.join(temp, 'state.json'), JSON.stringify(extras.state, null, 2));
  });
}

async function writeOptimizer(state: AdamState, dir: string): Promise<void> {
  const header = { config: state.config, iterations: state.iterations, sizes: state.moments.map((slot) => slot.m.length) };
  const total = state.moments.reduce((sum, slot) => sum + 2 * slot.m.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  for (const slot of state.moments) {
    data.set(slot.m, offset);
    data.set(slot.v, offset + slot.m.length);
    offset += 2 * slot.m.length;
  }
  await writeNamed(path.join(dir, 'optimizer.json'), JSON.stringify(header, null, 2));
  await writeNamed(path.join(dir, 'optimizer.bin'), new Uint8Array(data.buffer));
}

async function readOptimizer(dir: string): Promise<AdamState | undefined> {
  const headerPath = path.join(dir, 'optimizer.json');
  const header = await readJsonObject(headerPath, true);
  if (!header) return undefined;
  const { config, iterations, sizes } = header as { config?: unknown; iterations?: unknown; sizes?: unknown };
  if (!Array.isArray(sizes) || !sizes.every((n) => Number.isInteger(n) && n >= 0) || !Number.isInteger(iterations) || typeof config !== 'object' || config === null) {
    throw new Error(`${headerPath}: expected 'config' (an object), 'iterations' and 'sizes' (whole numbers), found ${JSON.stringify(header).slice(0, 120)}`);
  }
  const expected = (sizes as number[]).reduce((a, b) => a + 2 * b, 0);
  if (expected > 2 * MODEL_LIMITS.modelWeights) throw new Error(`${headerPath}: 'sizes' add up to ${expected} values, more than a model's optimizer state can hold`);
  const bytes = await readExactBytes(path.join(dir, 'optimizer.bin'), expected * 4, `the ${expected} optimizer values optimizer.json lists`);
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let offset = 0;
  const moments = (sizes as number[]).map((size) => {
    const slot = { m: data.slice(offset, offset + size), v: data.slice(offset + size, offset + 2 * size) };
    offset += 2 * size;
    return slot;
  });
  return { config: config as AdamState['config'], iterations: iterations as number, moments };
}

export interface LoadedAutoencoder {
  autoencoder: Autoencoder;
  /** The folder actually read (the previous copy if a save was interrupted mid-swap), or the store's URL. */
  dir: string;
  optimizerState?: AdamState;
  state?: unknown;
}

/** Loads from a folder, or from a tf.io store when `dir` is a URL or a handler. */
export async function loadAutoencoder(dir: string | tf.io.IOHandler): Promise<LoadedAutoencoder> {
  if (typeof dir !== 'string' || isStoreUrl(dir)) return { ...(await loadFromStore(dir as ModelStore)), dir: typeof dir === 'string' ? dir : 'a model handler' };
  const found = await resolveAtomicFolder(dir);
  if (!found) throw new Error(`${dir}: no saved model here (expected a folder with aekit.json, model.json and weights.bin)`);
  const specFile = path.join(found, 'aekit.json');
  // Checked (names, shapes, limits) before the model it describes is allocated.
  const saved = checkSavedSpec(await readJsonObject(specFile), specFile);
  const autoencoder = rebuildAutoencoder(saved, await readLayersWeights(found), found);
  const optimizerState = await readOptimizer(found);
  const state = await readJsonObject(path.join(found, 'state.json'), true);
  return { autoencoder, dir: found, ...(optimizerState ? { optimizerState } : {}), ...(state !== undefined ? { state } : {}) };
}
