/** Estimators with the habits of PyOD and scikit-learn: fit, decisionFunction / predict, transform, save / load. */
export { AutoencoderDetector, type DetectorOptions } from './detector.js';
export { AutoencoderTransformer } from './transformer.js';
export type { EstimatorOptions } from './estimator.js';
export type { EstimatorInput, ShapedArray } from './inputs.js';
export { decisionThreshold, outlierProbabilities, summarizeScores, erf, PROBABILITY_METHODS, type ProbabilityMethod, type ScoreSummary } from './threshold.js';
