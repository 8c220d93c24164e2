/**
 * AutoencoderDetector: PyOD's detector habits over any aekit model.
 *
 *   const detector = new AutoencoderDetector({ contamination: 0.05, model: 'dense', modelOptions: { codeSize: 8 } });
 *   await detector.fit(X);                        // threshold_, labels_, decisionScores_ of X
 *   const scores = await detector.decisionFunction(Y);
 *   const flags = await detector.predict(Y);      // 1 = outlier (score > threshold_)
 *   await detector.save('detector'); const again = await AutoencoderDetector.load('detector');
 *
 * A sample's score is the model's reconstruction error (a VAE's negative ELBO), the score
 * `aekit detect` computes for the same model and data.
 */
import { anomalyScores } from '../applications/anomaly.js';
import { AutoencoderEstimator, type EstimatorOptions } from './estimator.js';
import type { EstimatorInput } from './inputs.js';
import { checkContamination, decisionThreshold, outlierProbabilities, summarizeScores, type ProbabilityMethod, type ScoreSummary } from './threshold.js';

export interface DetectorOptions extends EstimatorOptions {
  /** The share of outliers expected in the training data, in (0, 0.5] (default 0.1, as PyOD). */
  contamination?: number;
}

interface DetectorFitted {
  contamination: number;
  threshold: number;
  decisionScores: number[];
}

/**
 * An anomaly detector with PyOD's semantics over any aekit model: `fit(X)` learns the normal data and sets
 * `threshold_` so that a `contamination` share of the training scores lies above it; `decisionFunction`,
 * `predict` (0/1) and `predictProba` judge new rows.
 *
 * @example
 * const detector = new AutoencoderDetector({ model: 'dense', modelOptions: { hidden: [16], codeSize: 4 }, contamination: 0.05, epochs: 20 });
 * await detector.fit(rows);             // number[][], or Float32Array + shape, or a dataset
 * const labels = await detector.predict(newRows);  // 1 = anomaly
 */
export class AutoencoderDetector extends AutoencoderEstimator {
  readonly contamination: number;
  /** The training samples' outlier scores (PyOD's decision_scores_). */
  decisionScores_: Float32Array | undefined;
  /** Scores strictly above it are outliers: the (1 - contamination) percentile of decisionScores_. */
  threshold_: number | undefined;
  /** The training samples' labels, 1 = outlier (decisionScores_ > threshold_). */
  labels_: Uint8Array | undefined;
  private summary: ScoreSummary | undefined;

  constructor(options: DetectorOptions = {}) {
    super(options);
    this.contamination = checkContamination(options.contamination ?? 0.1, 'AutoencoderDetector');
  }

  /** Trains the model on X and reads its training scores into threshold_ and labels_. */
  async fit(x: EstimatorInput): Promise<this> {
    const samples = await this.fitModel(x);
    this.setDecisionScores(await anomalyScores(this.autoencoder, samples));
    return this;
  }

  /** Outlier scores of X: higher is more anomalous. */
  async decisionFunction(x: EstimatorInput): Promise<Float32Array> {
    return anomalyScores(this.autoencoder, this.modelInput(x, 'decisionFunction').samples);
  }

  /** 1 for the samples of X scoring above threshold_, else 0. */
  async predict(x: EstimatorInput): Promise<Uint8Array> {
    const threshold = this.threshold_!;
    return Uint8Array.from(await this.decisionFunction(x), (s) => (s > threshold ? 1 : 0));
  }

  /** Each sample's [P(inlier), P(outlier)] by PyOD's 'linear' (default) or 'unify' method. */
  async predictProba(x: EstimatorInput, method: ProbabilityMethod = 'linear'): Promise<number[][]> {
    return outlierProbabilities(await this.decisionFunction(x), this.summary!, method);
  }

  /** camelCase aliases of PyOD's attribute names. */
  get threshold(): number | undefined {
    return this.threshold_;
  }
  get labels(): Uint8Array | undefined {
    return this.labels_;
  }
  get decisionScores(): Float32Array | undefined {
    return this.decisionScores_;
  }

  /** The model folder (io/model-io.ts) with options, threshold and training scores in state.json. */
  async save(dir: string): Promise<void> {
    await this.saveWith<DetectorFitted>(dir, { contamination: this.contamination, threshold: this.threshold_!, decisionScores: Array.from(this.decisionScores_!) });
  }

  /** Reads a detector written by `save` (model, scaling and threshold). */
  static async load(dir: string): Promise<AutoencoderDetector> {
    const { autoencoder, saved } = await AutoencoderEstimator.loadParts<DetectorFitted>(dir, 'AutoencoderDetector');
    const detector = new AutoencoderDetector({ ...saved.options, contamination: saved.fitted.contamination });
    detector.restore(autoencoder, saved.sampleShape);
    detector.setDecisionScores(Float32Array.from(saved.fitted.decisionScores));
    return detector;
  }

  private setDecisionScores(scores: Float32Array): void {
    const { threshold, labels } = decisionThreshold(scores, this.contamination);
    this.decisionScores_ = scores;
    this.threshold_ = threshold;
    this.labels_ = labels;
    this.summary = summarizeScores(scores);
  }
}
