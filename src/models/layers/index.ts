/**
 * aekit's layers: tfjs-layers' own classes (same className, weights and config) with fused
 * paths on the native engine. Model builders use these instead of `tfl.layers.*`.
 */
// tfjs-layers registers its classes as it loads, and ours look theirs up: it must load first.
import '@tensorflow/tfjs-layers';

export { batchNormalization, BatchNormalization } from './batch-normalization.js';
export { conv2d, Conv2D } from './conv2d.js';
export { conv2dTranspose } from './conv2d-transpose.js';
export { dense, Dense } from './dense.js';
export type { BatchNormalizationLayerArgs } from './batch-normalization.js';
export type { ConvLayerArgs } from './conv2d.js';
export type { DenseLayerArgs } from './dense.js';
