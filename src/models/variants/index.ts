/** Every autoencoder variant of the seeds, as registry entries. */
import type { ModelEntry } from '../model-entry.js';
import { RBM_ENTRY } from './rbm.js';
import { CONTRACTIVE_ENTRY } from './contractive.js';
import { DENOISING_ENTRY } from './denoising.js';
import { LINEAR_ENTRY } from './linear.js';
import { SPARSE_ENTRY } from './sparse.js';
import { STACKED_ENTRY } from './stacked.js';
import { UNET_ENTRY } from './unet.js';
import { CONV_VAE_ENTRY, VAE_ENTRY } from './vae.js';

export const VARIANT_ENTRIES: ModelEntry[] = [
  DENOISING_ENTRY,
  SPARSE_ENTRY,
  CONTRACTIVE_ENTRY,
  STACKED_ENTRY,
  RBM_ENTRY,
  LINEAR_ENTRY,
  VAE_ENTRY,
  CONV_VAE_ENTRY,
  UNET_ENTRY,
];

export { DenoisingAutoencoder } from './denoising.js';
export { SparseAutoencoder } from './sparse.js';
export { ContractiveAutoencoder } from './contractive.js';
export { VariationalAutoencoder } from './vae.js';
export { UNetAutoencoder } from './unet.js';
export { TiedDense } from './tied-dense.js';
export { corrupt, NOISE_KINDS, type NoiseConfig, type NoiseKind } from './corruption.js';
