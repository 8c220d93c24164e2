/**
 * AutoencoderTransformer: scikit-learn's transformer habits over any aekit model.
 *
 *   const reducer = new AutoencoderTransformer({ model: 'dense', modelOptions: { codeSize: 2 } });
 *   const codes = await reducer.fitTransform(X);          // the code of each sample
 *   const back = await reducer.inverseTransform(codes);   // reconstructions, in X's own units
 *
 * Results come in the form X came in: rows for `number[][]`, `{ data, shape }` otherwise. A
 * variational model's code is its mean.
 */
import { encodeAll } from '../models/inference.js';
import { unscaleForModel } from '../models/input-scaling.js';
import { decodeCodes } from '../applications/generation.js';
import { AutoencoderEstimator } from './estimator.js';
import { flatSamples, outputLike, type EstimatorInput, type ShapedArray } from './inputs.js';

/**
 * A scikit-learn style transformer: `fit` learns an autoencoder, `transform` gives the codes,
 * `inverseTransform` the reconstructions in the data's own units.
 *
 * @example
 * const transformer = new AutoencoderTransformer({ model: 'dense', modelOptions: { codeSize: 2 }, scale: 'standard' });
 * const codes = await transformer.fitTransform(rows);   // number[][] in, number[][] out
 */
export class AutoencoderTransformer extends AutoencoderEstimator {
  /** Fits the scaling and trains the autoencoder on `x`; returns this. */
  async fit(x: EstimatorInput): Promise<this> {
    await this.fitModel(x);
    return this;
  }

  /** The code of each sample of X. */
  transform(x: number[][]): Promise<number[][]>;
  transform(x: ShapedArray | EstimatorInput): Promise<ShapedArray>;
  async transform(x: EstimatorInput): Promise<number[][] | ShapedArray> {
    const codes = await encodeAll(this.autoencoder, this.modelInput(x, 'transform').samples);
    return outputLike(x, codes.data, codes.count, this.autoencoder.codeShape);
  }

  /** `fit(x)`, then the codes of `x` (rows in, rows out). */
  fitTransform(x: number[][]): Promise<number[][]>;
  /** `fit(x)`, then the codes of `x` as a Float32Array with its shape. */
  fitTransform(x: ShapedArray | EstimatorInput): Promise<ShapedArray>;
  async fitTransform(x: EstimatorInput): Promise<number[][] | ShapedArray> {
    await this.fit(x);
    return this.transform(x);
  }

  /** Codes back to samples: the decoder's reconstructions, unscaled into X's units and shape. */
  inverseTransform(codes: number[][]): Promise<number[][]>;
  inverseTransform(codes: ShapedArray): Promise<ShapedArray>;
  async inverseTransform(codes: number[][] | ShapedArray): Promise<number[][] | ShapedArray> {
    const model = this.autoencoder;
    const flat = flatSamples(codes, 'AutoencoderTransformer.inverseTransform: codes');
    if (flat.sampleShape.join('x') !== model.codeShape.join('x')) {
      throw new Error(`AutoencoderTransformer.inverseTransform: codes have shape [${flat.sampleShape.join(', ')}], the model's code is [${model.codeShape.join(', ')}]`);
    }
    const decoded = unscaleForModel(model, decodeCodes(model, flat.data, flat.count));
    return outputLike(codes, decoded, flat.count, this.sampleShape!);
  }

  /** Writes the fitted transformer (model and scaling) to a folder. */
  async save(dir: string): Promise<void> {
    await this.saveWith(dir, {});
  }

  /** Reads a transformer written by `save`. */
  static async load(dir: string): Promise<AutoencoderTransformer> {
    const { autoencoder, saved } = await AutoencoderEstimator.loadParts<Record<string, never>>(dir, 'AutoencoderTransformer');
    const transformer = new AutoencoderTransformer(saved.options);
    transformer.restore(autoencoder, saved.sampleShape);
    return transformer;
  }
}
