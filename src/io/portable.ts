/**
 * Saving and loading models anywhere: tf.io stores ('indexeddb://', 'downloads://', http(s) URLs,
 * any tf.io handler). tfjs's handlers for files a user picks or for custom fetches are passed on,
 * so a page needs no second copy of @tensorflow/tfjs-core to build them.
 */
import * as tf from '@tensorflow/tfjs-core';

export { loadAutoencoder, saveAutoencoder, isStoreUrl, type LoadedModel, type ModelStore } from './model-handlers.js';
export { FORMAT, FORMAT_VERSION, type SavedSpec } from './model-format.js';

/** tf.io.browserFiles: a handler over a model.json and its weights file from an <input type=file>. */
export const browserFiles: typeof tf.io.browserFiles = (files) => tf.io.browserFiles(files);
/** tf.io.http: a handler that fetches (or POSTs) a model with request options. */
export const http: typeof tf.io.http = (path, options) => tf.io.http(path, options);
