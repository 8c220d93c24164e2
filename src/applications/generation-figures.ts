/**
 * The figures of generation, titled and labelled, for the CLI (`aekit generate`), the report and
 * the experiments alike: prior samples, an interpolation strip and the 2-D latent manifold.
 */
import type { Autoencoder } from '../models/autoencoder.js';
import { imageShapeOf } from '../evaluation/image-quality.js';
import { imageGrid, type Figure } from '../viz/index.js';
import { interpolate, latentManifold, samplePrior } from './generation.js';

/** `count` images decoded from z ~ N(0, I), in a near-square grid. */
export function priorSamplesFigure(model: Autoencoder, count: number, seed = 0, columns = Math.ceil(Math.sqrt(count))): Figure {
  return imageGrid(samplePrior(model, count, seed), imageShapeOf(model.inputShape), {
    columns,
    title: `${model.name}: ${count} samples decoded from z ~ N(0, I)`,
  });
}

/** The decoded straight line between the codes of two images, left to right. */
export function interpolationFigure(model: Autoencoder, from: { image: Float32Array; name: string }, to: { image: Float32Array; name: string }, steps: number): Figure {
  return imageGrid(interpolate(model, from.image, to.image, steps), imageShapeOf(model.inputShape), {
    columns: steps,
    title: `${model.name}: from ${from.name} to ${to.name}`,
    xLabel: `${steps} steps along the straight line between their codes`,
  });
}

/** An n x n grid over a 2-D latent space at normal quantiles (the Keras VAE example's plot). */
export function manifoldFigure(model: Autoencoder, n: number, scale = 1): Figure {
  return imageGrid(latentManifold(model, n), imageShapeOf(model.inputShape), {
    columns: n,
    scale,
    padding: 0,
    title: `${model.name}: the 2-D latent space, decoded on a ${n}x${n} grid`,
    xLabel: 'z[0]: normal quantiles 5% to 95%, left to right',
    yLabel: 'z[1]: 5% to 95%, bottom to top',
  });
}
