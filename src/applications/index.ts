/** What autoencoders are for: anomaly detection, denoising, generation, feature extraction, streaming. */
export { anomalyScores, isVariational, type PerSampleLossModel } from './anomaly.js';
export { detectAnomalies, outOfDistributionSet, onlyClass, anomalyTruth, detectionCsv, type DetectOptions, type DetectionResult } from './detection.js';
export { anomalyThreshold, percentile, THRESHOLD_METHODS, type ThresholdMethod, type ThresholdOptions } from './threshold.js';
export { corruptSamples, denoiseSamples, denoisingFigure, type DenoiseResult } from './denoising.js';
export { samplePrior, latentManifold, interpolate, decodeCodes } from './generation.js';
export { writeCodes, codesCsv, type CodesFormat } from './encode.js';
// Batch inference lives with the models; kept here too, where users of 0.1 found it.
export { reconstructAll, encodeAll, checkSamplesFit, type Codes } from '../models/inference.js';
export { linearVsPcaDemo } from './pca-demo.js';
export { embeddingPlot, codesTo2d, type EmbeddingPlotOptions } from './embedding.js';
export { streamEncode, streamReconstructionErrors, streamReconstruct, type ImageSource } from './streaming.js';
export { scoreWithOnnx, scoreSpecOf, type OnnxScoreOptions, type OnnxScoreSpec, type OnnxScoreSummary, type ScoreBatch } from './onnx-scoring.js';
