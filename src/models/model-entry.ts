/**
 * What the registry holds for one model family. Its own file, below the registry and the
 * variants both, so that the registry imports the variants and never the other way round.
 */
import type { Autoencoder, ModelSpec, ReconstructionLoss } from './autoencoder.js';

export interface ModelEntry {
  name: string;
  description: string;
  /** Input shape for MNIST-sized images (28x28x1): flat for dense models. */
  defaultInputShape: number[];
  defaultLoss: ReconstructionLoss;
  /** Every option the model takes, with its default (a config object of the model's own type). */
  defaults: object;
  /** Builds the autoencoder a complete spec describes. */
  build(spec: ModelSpec): Autoencoder;
  /** Whether, with these options, the model takes flat vectors or images; default: as defaultInputShape. */
  inputLayout?(options: Record<string, unknown>): 'flat' | 'image';
}
