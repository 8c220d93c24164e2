/**
 * Which network an export holds. 'autoencoder' maps inputs to reconstructions (a VAE's from its
 * posterior mean, so the export is deterministic); 'encoder' maps inputs to codes (a VAE's to its
 * mean and log-variance); 'decoder' maps codes to reconstructions (a U-Net's decoder also takes
 * the encoder's two skip tensors).
 */
import type { Autoencoder } from '../../models/autoencoder.js';
import { VariationalAutoencoder } from '../../models/variants/vae.js';
import { layerGraphOf, type LayerGraph } from './layer-graph.js';

/** Which part of an autoencoder an export holds. */
export const EXPORT_PARTS = ['autoencoder', 'encoder', 'decoder'] as const;
export type ExportPart = (typeof EXPORT_PARTS)[number];

export interface PartGraph {
  graph: LayerGraph;
  /** Names for the graph's outputs, in order. */
  outputNames: string[];
}

export function partGraph(autoencoder: Autoencoder, part: ExportPart): PartGraph {
  const variational = autoencoder instanceof VariationalAutoencoder;
  if (part === 'autoencoder') {
    // A VAE's flat model outputs [reconstruction of the mean, log-variance]: keep the first.
    return { graph: layerGraphOf(autoencoder.model, variational ? [0] : undefined), outputNames: ['reconstruction'] };
  }
  if (part === 'encoder') {
    return variational
      ? { graph: layerGraphOf(autoencoder.posterior), outputNames: ['z_mean', 'z_log_var'] }
      : { graph: layerGraphOf(autoencoder.encoder), outputNames: ['code'] };
  }
  return { graph: layerGraphOf(autoencoder.decoder), outputNames: ['reconstruction'] };
}
