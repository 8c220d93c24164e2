/**
 * aekit in a web page: the entry a bundler takes for the browser (package.json's "browser"
 * condition, or 'aekit/browser'). The Node entry's API (index.ts) without what needs Node: no
 * files, run folders, PNG files, native engine, server or CLI. Instead: initBackend picks wasm
 * (threaded when the page is cross-origin isolated), models save to and load from tf.io stores
 * ('indexeddb://name', 'downloads://name', URLs), data comes from URLs (datasets.fetchDataset),
 * canvas pixels (datasets.fromImageData) or Float32Arrays (asSamples), and figures are SVG text
 * (viz.figureSvg) a page shows as it is. `.dependency-cruiser.browser.cjs` checks that nothing here
 * reaches a Node built-in.
 */
export * as datasets from './data/portable.js';
export * as models from './models/index.js';
export * as io from './io/portable.js';
export { loadAutoencoder, saveAutoencoder, type LoadedModel, type ModelStore } from './io/model-handlers.js';
export * as callbacks from './training/callbacks/portable.js';
export * as viz from './viz/portable.js';
export * as applications from './applications/portable.js';
export * as evaluation from './evaluation/index.js';
export {
  initBackend, backendInfo, whyNoThreads,
  type BrowserBackendInfo as BackendInfo, type BrowserBackendName as BackendName, type BrowserBackendOptions as BackendOptions,
} from './backend/select-browser.js';
export { fit, evaluateLoss, type FitOptions, type History } from './training/trainer.js';
export { Adam, type AdamConfig } from './optimizers/adam.js';
export { pretrain, needsPretraining, type PretrainOptions, type PretrainReport } from './training/pretraining/index.js';
export { asSamples, datasetSamples, mapBatches, type SampleSet } from './data/samples.js';
export { Random } from './util/random.js';
export { VERSION } from './util/version.js';
