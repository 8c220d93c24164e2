/**
 * aekit's library API in Node. The same pieces the CLI uses, grouped the way the CLI is:
 *   datasets -> models -> training (train, fit, callbacks) -> viz, evaluation, applications.
 * A web page gets browser.ts instead: the same API without what needs Node.
 */
export * as datasets from './data/index.js';
export * as models from './models/index.js';
export * as io from './io/index.js';
export { loadAutoencoder, saveAutoencoder } from './io/model-io.js';
export * as callbacks from './training/callbacks/index.js';
export * as viz from './viz/index.js';
export * as applications from './applications/index.js';
export * as evaluation from './evaluation/index.js';
export * as estimators from './estimators/index.js';
export { AutoencoderDetector, AutoencoderTransformer, type DetectorOptions, type EstimatorOptions, type EstimatorInput } from './estimators/index.js';
export { writeRunReport } from './report/index.js';
export { initBackend, backendInfo, type BackendInfo, type BackendName, type BackendOptions } from './backend/select.js';
export { train, resumeRun, readRunConfig, TrainingDivergedError, type TrainOptions, type RunConfig, type RunResult } from './training/run.js';
export { readRunStatus } from './training/run-status.js';
export { RunBusyError } from './training/run-lock.js';
export { evaluateLoss, type FitOptions, type History } from './training/trainer.js';
export { fit } from './training/node-fit.js';
export { Adam, type AdamConfig } from './optimizers/adam.js';
export { pretrain, needsPretraining, type PretrainOptions, type PretrainReport } from './training/pretraining/index.js';
export { asSamples, datasetSamples, mapBatches, type SampleSet } from './data/samples.js';
export { RUN_FILES, type RunStatus } from './training/run-layout.js';
export { Random } from './util/random.js';
export { VERSION } from './util/version.js';
