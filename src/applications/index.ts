/** What autoencoders are for: anomaly detection, denoising, generation, feature extraction, streaming. */
export * from './portable.js';
export { writeCodes, type CodesFormat } from './encode.js';
export { linearVsPcaDemo } from './pca-demo.js';
export { streamEncode, streamReconstructionErrors, streamReconstruct, type ImageSource } from './streaming.js';
export { scoreWithOnnx, scoreSpecOf, type OnnxScoreOptions, type OnnxScoreSpec, type OnnxScoreSummary, type ScoreBatch } from './onnx-scoring.js';
