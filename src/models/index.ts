/** Models: build by name, inspect, save and load. */
export { Autoencoder, reconstructionLoss, type LossTerms, type ModelSpec, type ReconstructionLoss, type StepContext } from './autoencoder.js';
export { buildModel, buildFromSpec, getModelEntry, inputShapeFor, listModels, registerModel, type BuildOptions, type ModelEntry } from './registry.js';
export { formatSummary, summarize, type ModelSummary, type SummaryRow } from './summary.js';
export { assembleAutoencoder, applyChain } from './assemble.js';
export { loadAutoencoder as load, saveAutoencoder as save, type LoadedAutoencoder } from '../io/model-io.js';
