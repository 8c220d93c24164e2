/**
 * What the detector and the transformer share: a registry model by name, trained by the one
 * trainer on X scaled by a scaling fitted on X (saved in the model's spec), then applied to new X
 * scaled the same way. Saving writes the model folder (io/model-io.ts) with the estimator's own
 * fitted attributes in its state.json.
 */
import type { Autoencoder, ReconstructionLoss } from '../models/autoencoder.js';
import { buildModel, getModelEntry, inputShapeFor } from '../models/registry.js';
import { scaleForModel } from '../models/input-scaling.js';
import { datasetSamples, type SampleSet } from '../data/samples.js';
import { checkScalingKind, fitScaling, type ScalingKind } from '../data/scaling.js';
import { fit } from '../training/trainer.js';
import { loadAutoencoder, saveAutoencoder } from '../io/model-io.js';
import { flatSamples, imageShapeOf, sameSampleShape, type EstimatorInput, type FlatSamples } from './inputs.js';

export interface EstimatorOptions {
  /** A registry model name (`listModels()`), default 'dense'. */
  model?: string;
  /** The model's options, e.g. { codeSize: 8, hidden: [16] }. */
  modelOptions?: Record<string, unknown>;
  /** Reconstruction loss; default the model's own. */
  loss?: ReconstructionLoss;
  /** Scaling fitted on the training X and applied to every later X (default 'minmax'). */
  scale?: ScalingKind;
  /** Default 20. */
  epochs?: number;
  /** Default 32. */
  batchSize?: number;
  /** Adam's learning rate, default 1e-3. */
  learningRate?: number;
  /** Seed for the weights and the shuffling; fixed seeds give the same model every time. */
  seed?: number;
}

export type ResolvedEstimatorOptions = Required<Omit<EstimatorOptions, 'loss' | 'seed'>> & Pick<EstimatorOptions, 'loss' | 'seed'>;

export function resolveEstimatorOptions(options: EstimatorOptions, what: string): ResolvedEstimatorOptions {
  const resolved = { model: 'dense', modelOptions: {}, scale: 'minmax' as ScalingKind, epochs: 20, batchSize: 32, learningRate: 1e-3, ...options };
  getModelEntry(resolved.model);
  checkScalingKind(resolved.scale, `${what}: scale`);
  for (const [key, min] of [['epochs', 1], ['batchSize', 1]] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < min) throw new Error(`${what}: ${key} must be a whole number >= ${min}, got ${resolved[key]}`);
  }
  if (!(resolved.learningRate > 0 && Number.isFinite(resolved.learningRate))) throw new Error(`${what}: learningRate must be a number > 0, got ${resolved.learningRate}`);
  return resolved;
}

/** What an estimator saves in state.json beside its model. */
export interface SavedEstimator<Fitted> {
  estimator: string;
  options: ResolvedEstimatorOptions;
  /** The shape of one sample as X gave it at fit time. */
  sampleShape: number[];
  fitted: Fitted;
}

export abstract class AutoencoderEstimator {
  readonly options: ResolvedEstimatorOptions;
  protected fittedModel: Autoencoder | undefined;
  /** The shape of one training sample as X gave it ([features], or [height, width, channels]). */
  protected sampleShape: number[] | undefined;

  constructor(options: EstimatorOptions = {}) {
    this.options = resolveEstimatorOptions(options, this.constructor.name);
  }

  /** The trained autoencoder; throws before `fit`. */
  get autoencoder(): Autoencoder {
    if (!this.fittedModel) throw new Error(`${this.constructor.name}: not fitted yet; call fit(X) first (or load a saved one)`);
    return this.fittedModel;
  }

  /** Builds and trains the model on X; returns X scaled as the model sees it. */
  protected async fitModel(x: EstimatorInput): Promise<SampleSet> {
    const flat = flatSamples(x, `${this.constructor.name}.fit: X`);
    const { model, modelOptions, loss, scale, epochs, batchSize, learningRate, seed } = this.options;
    const inputShape = inputShapeFor(model, imageShapeOf(flat.sampleShape), modelOptions);
    const features = flat.data.length / flat.count;
    const inputScaling = fitScaling(scale, flat.data, flat.count, features);
    const autoencoder = buildModel(model, { inputShape, options: modelOptions, ...(loss ? { loss } : {}), ...(seed !== undefined ? { seed } : {}), ...(inputScaling ? { inputScaling } : {}) });
    const samples = scaleForModel(autoencoder, this.asModelSamples(flat, inputShape));
    await fit(autoencoder, samples, { epochs, batchSize, learningRate, shuffle: true, ...(seed !== undefined ? { seed } : {}) });
    this.fittedModel?.dispose();
    this.fittedModel = autoencoder;
    this.sampleShape = flat.sampleShape;
    return samples;
  }

  /** New X, checked against the training samples' shape and scaled as they were. */
  protected modelInput(x: EstimatorInput, method: string): { samples: SampleSet; flat: FlatSamples } {
    const autoencoder = this.autoencoder;
    const flat = flatSamples(x, `${this.constructor.name}.${method}: X`);
    if (!sameSampleShape(flat.sampleShape, this.sampleShape!)) {
      throw new Error(`${this.constructor.name}.${method}: X has samples of shape [${flat.sampleShape.join(', ')}], the estimator was fitted on [${this.sampleShape!.join(', ')}]`);
    }
    return { samples: scaleForModel(autoencoder, this.asModelSamples(flat, autoencoder.inputShape), `${this.constructor.name}.${method}: X`), flat };
  }

  private asModelSamples(flat: FlatSamples, inputShape: number[]): SampleSet {
    return datasetSamples({ images: flat.data, count: flat.count, shape: flat.sampleShape, name: 'X', ...(flat.labels ? { labels: flat.labels } : {}) }, inputShape);
  }

  /** Writes the model and `fitted` (the subclass's numbers) to a folder. */
  protected async saveWith<Fitted>(dir: string, fitted: Fitted): Promise<void> {
    const state: SavedEstimator<Fitted> = { estimator: this.constructor.name, options: this.options, sampleShape: this.sampleShape!, fitted };
    await saveAutoencoder(this.autoencoder, dir, { state });
  }

  /** Reads a folder written by `saveWith` of the estimator named `kind`. */
  protected static async loadParts<Fitted>(dir: string, kind: string): Promise<{ autoencoder: Autoencoder; saved: SavedEstimator<Fitted> }> {
    const { autoencoder, state, dir: found } = await loadAutoencoder(dir);
    const saved = state as Partial<SavedEstimator<Fitted>> | undefined;
    if (!saved || saved.estimator !== kind || !saved.options || !Array.isArray(saved.sampleShape) || saved.fitted === undefined) {
      autoencoder.dispose();
      const found_ = saved?.estimator ? `a saved ${saved.estimator}` : 'a model without estimator state (state.json)';
      throw new Error(`${found}: expected a saved ${kind}, found ${found_}`);
    }
    return { autoencoder, saved: saved as SavedEstimator<Fitted> };
  }

  /** Puts a loaded model and its saved attributes in place (used by each subclass's static load). */
  protected restore(autoencoder: Autoencoder, sampleShape: number[]): void {
    this.fittedModel = autoencoder;
    this.sampleShape = sampleShape;
  }
}
