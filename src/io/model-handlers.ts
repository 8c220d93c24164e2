/**
 * Saving and loading autoencoders through TF.js's model stores (tf.io): in a page
 * 'indexeddb://name', 'localstorage://name', 'downloads://name' (a model.json and a weights file
 * the browser downloads), or an http(s) URL; or any tf.io.IOHandler, e.g.
 * tf.io.browserFiles([jsonFile, weightsFile]) for files the user picked. What is stored is the
 * whole network in TF.js layers format with the aekit spec in its metadata (model-format.ts);
 * the optimizer state is kept only in folders (model-io.ts, Node).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from '../models/autoencoder.js';
import { checkSavedSpec, decodeWeightList, joinWeightData, layersArtifacts, METADATA_KEY, rebuildAutoencoder, savedSpecOf } from './model-format.js';

/** A tf.io URL ('indexeddb://...', 'https://...') or a tf.io handler. */
export type ModelStore = string | tf.io.IOHandler;

export interface LoadedModel {
  autoencoder: Autoencoder;
  /** The caller's extra JSON saved with the model (`state`), if any. */
  state?: unknown;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Whether a string names a tf.io store ('indexeddb://x', 'https://...') rather than a folder. */
export function isStoreUrl(destination: string): boolean {
  return SCHEME.test(destination);
}

function describe(store: ModelStore): string {
  return typeof store === 'string' ? store : 'the model handler';
}

function handlerFor(store: ModelStore, direction: 'save' | 'load'): tf.io.IOHandler {
  if (typeof store !== 'string') return store;
  if (!isStoreUrl(store)) {
    throw new Error(
      `'${store}' is not a model store URL (indexeddb://, localstorage://, downloads://, http(s)://); ` +
        'saving to and loading from a folder needs aekit in Node',
    );
  }
  // http(s) by name: a bundler may drop tfjs's module that registers the http router (Vite's does),
  // while a direct reference keeps tf.io.http in the bundle.
  if (/^https?:\/\//i.test(store)) return tf.io.http(store);
  const handlers = direction === 'save' ? tf.io.getSaveHandlers(store) : tf.io.getLoadHandlers(store);
  if (handlers.length === 0) {
    throw new Error(`${store}: no TF.js model store handles this URL here (indexeddb://, localstorage:// and downloads:// exist only in a browser)`);
  }
  return handlers[0]!;
}

/** Saves the model (spec and weights; `state` as extra JSON) to a tf.io store. */
export async function saveAutoencoder(autoencoder: Autoencoder, store: ModelStore, extras: { state?: unknown } = {}): Promise<tf.io.SaveResult> {
  const handler = handlerFor(store, 'save');
  if (!handler.save) throw new Error(`${describe(store)}: this model store cannot save`);
  const { topology, weightSpecs, weights } = await layersArtifacts(autoencoder.model);
  const metadata: Record<string, {}> = { [METADATA_KEY]: savedSpecOf(autoencoder) };
  if (extras.state !== undefined && extras.state !== null) metadata['state'] = extras.state;
  return handler.save({
    modelTopology: topology,
    weightSpecs,
    weightData: weights,
    format: 'layers-model',
    generatedBy: `aekit (TensorFlow.js ${tf.version_core})`,
    convertedBy: null,
    userDefinedMetadata: metadata,
  });
}

/** Reads the aekit spec of a model saved without metadata (a folder served over http: aekit.json beside model.json). */
async function siblingSpec(url: string): Promise<unknown> {
  const response = await fetch(new URL('aekit.json', url));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** Loads a model saved by `saveAutoencoder` (or an aekit folder served over http(s)). */
export async function loadAutoencoder(store: ModelStore): Promise<LoadedModel> {
  const where = describe(store);
  const handler = handlerFor(store, 'load');
  if (!handler.load) throw new Error(`${where}: this model store cannot load`);
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (error) {
    throw new Error(`${where}: cannot read the model (${error instanceof Error ? error.message : String(error)})`);
  }
  let described: unknown = artifacts.userDefinedMetadata?.[METADATA_KEY];
  if (described === undefined && typeof store === 'string' && /^https?:/i.test(store)) {
    try {
      described = await siblingSpec(store);
    } catch (error) {
      throw new Error(`${where}: model.json has no aekit description and aekit.json beside it could not be read (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const saved = checkSavedSpec(described, where);
  const weights = decodeWeightList(artifacts.weightSpecs ?? [], joinWeightData(artifacts.weightData), where);
  const autoencoder = rebuildAutoencoder(saved, weights, where);
  const state = artifacts.userDefinedMetadata?.['state'];
  return state !== undefined ? { autoencoder, state } : { autoencoder };
}
