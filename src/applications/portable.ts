/** What autoencoders are for, as it runs anywhere (a page, Node): anomaly detection, denoising, generation, feature extraction. */
export { anomalyScores, isVariational, type PerSampleLossModel } from './anomaly.js';
export { detectAnomalies, outOfDistributionSet, onlyClass, anomalyTruth, detectionCsv, type DetectOptions, type DetectionResult } from './detection.js';
export { anomalyThreshold, percentile, THRESHOLD_METHODS, type ThresholdMethod, type ThresholdOptions } from './threshold.js';
export { corruptSamples, denoiseSamples, denoisingFigure, type DenoiseResult } from './denoising.js';
export { samplePrior, latentManifold, interpolate, decodeCodes } from './generation.js';
export { codesCsv } from './codes-csv.js';
// Batch inference lives with the models; kept here too, where users of 0.1 found it.
export { reconstructAll, encodeAll, checkSamplesFit, type Codes } from '../models/inference.js';
export { embeddingPlot, codesTo2d, type EmbeddingPlotOptions } from './embedding.js';
