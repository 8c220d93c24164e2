/** What autoencoders are for: anomaly detection, denoising, generation, feature extraction, streaming. */
export { anomalyScores, reconstructAll, isVariational, checkSamplesFit, type PerSampleLossModel } from './anomaly.js';
export { detectAnomalies, onlyClass, anomalyTruth, detectionCsv, type DetectOptions, type DetectionResult } from './detection.js';
export { anomalyThreshold, percentile, THRESHOLD_METHODS, type ThresholdMethod, type ThresholdOptions } from './threshold.js';
export { corruptSamples, denoiseSamples, denoisingFigure, type DenoiseResult } from './denoising.js';
export { samplePrior, latentManifold, interpolate, decodeCodes } from './generation.js';
export { encodeAll, writeCodes, codesCsv, type Codes, type CodesFormat } from './encode.js';
export { embeddingPlot, codesTo2d, type EmbeddingPlotOptions } from './embedding.js';
export { streamEncode, streamReconstructionErrors, streamReconstruct, type ImageSource } from './streaming.js';
