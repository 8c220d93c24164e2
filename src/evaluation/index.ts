/** Measuring autoencoders: reconstruction metrics, image quality, PCA, ranking, probes. */
export { evaluateReconstruction } from './reconstruction.js';
export { psnrFromMse, ssimImage, ssimPerImage, psnrPerImage } from './image-quality.js';
export { fitPca, principalAngles, type Pca } from './pca.js';
export { rocAuc, averagePrecision, precisionRecallAt } from './ranking.js';
export { linearProbeAccuracy, knnAccuracy } from './probe.js';
export { compareFeatures } from './feature-comparison.js';
export { perSampleErrors } from './per-sample.js';
