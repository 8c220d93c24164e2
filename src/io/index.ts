/** Saving and loading models: aekit's run-folder format (TF.js layers + aekit.json). */
export { loadAutoencoder, saveAutoencoder, type LoadedAutoencoder } from './model-io.js';
