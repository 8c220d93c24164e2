/** Models: build by name, inspect, apply to a whole sample set. */
export { Autoencoder, reconstructionLoss, type LossTerms, type ModelSpec, type ReconstructionLoss, type StepContext } from './autoencoder.js';
export { buildModel, buildFromSpec, getModelEntry, inputShapeFor, listModels, registerModel, type BuildOptions } from './registry.js';
export { formatSummary, summarize, type ModelSummary, type SummaryRow } from './summary.js';
export { assembleAutoencoder, applyChain } from './assemble.js';
export { checkSamplesFit, encodeAll, reconstructAll, type Codes } from './inference.js';
export type { ModelEntry } from './model-entry.js';
