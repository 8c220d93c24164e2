/**
 * The callback contract, with Keras's hook names and semantics. Callbacks observe training and
 * steer it only through the `TrainingControl` they are handed (stop, learning rate, saving).
 */
import type { Autoencoder } from '../../models/autoencoder.js';

/** Metrics of one batch or epoch: 'loss', 'val_loss', 'lr', and any extra loss terms (e.g. 'kl'). */
export type Logs = Record<string, number>;

/** What a callback may read and change about the run in progress. */
export interface TrainingControl {
  readonly model: Autoencoder;
  /** Set to true to end training after the current epoch (EarlyStopping, TerminateOnNaN). */
  stopTraining: boolean;
  /** Why training stopped early, for the user. */
  stopReason?: string;
  learningRate: number;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  readonly samplesPerEpoch: number;
  /** Save the model: in Node to a folder (with the optimizer state, atomically), in a page to a tf.io store URL. */
  saveModel(dir: string): Promise<void>;
}

export interface Callback {
  /** Name used to key this callback's state in a resume checkpoint. */
  readonly name: string;
  /** Called once before the first epoch (after a resume: before the first epoch still to run). */
  onTrainBegin?(control: TrainingControl): void | Promise<void>;
  /** Called before each epoch; `epoch` counts from 0. */
  onEpochBegin?(epoch: number, control: TrainingControl): void | Promise<void>;
  /** Called after each training step with the batch's loss terms. */
  onBatchEnd?(batch: number, logs: Logs, control: TrainingControl): void | Promise<void>;
  /** Called after each epoch with its train and validation logs (loss, val_loss, lr, extra terms). */
  onEpochEnd?(epoch: number, logs: Logs, control: TrainingControl): void | Promise<void>;
  /** Called once when training ends, normally or stopped by a callback. */
  onTrainEnd?(logs: Logs, control: TrainingControl): void | Promise<void>;
  /** State needed to continue exactly after a resume (best value, wait counters...). JSON-safe. */
  getState?(): unknown;
  /** Restores what `getState` returned, when a run resumes. */
  setState?(state: unknown): void;
}
