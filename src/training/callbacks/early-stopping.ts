/**
 * Stop training when the monitored metric stops improving (Keras `EarlyStopping`, same counters
 * and the same stopping epoch), optionally restoring the weights of the best epoch at the end.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Logs, TrainingControl } from './callback.js';
import { formatMetric } from './format.js';
import {
  MonitorCallback,
  bestFromJson,
  bestToJson,
  requireFinite,
  requireNonNegativeInteger,
  stateRecord,
  type MonitorOptions,
} from './monitor-callback.js';

export interface EarlyStoppingOptions extends MonitorOptions {
  /** Epochs without improvement before stopping. Default 8. */
  patience?: number;
  /** Stop unless the metric beats this value within `patience` epochs. */
  baseline?: number;
  /** Put back the weights of the best epoch when training ends. Default false. */
  restoreBestWeights?: boolean;
  /** Warm-up epochs that are not monitored. Default 0. */
  startFromEpoch?: number;
}

export interface EarlyStoppingState {
  wait: number;
  stoppedEpoch: number;
  best: number | null;
  bestEpoch: number;
}

export class EarlyStopping extends MonitorCallback {
  readonly patience: number;
  readonly baseline: number | undefined;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epochs since the last improvement (Keras's `wait`). */
  wait = 0;
  /** Epoch (from 0) at which stopping was requested; 0 when it never was, as in Keras. */
  stoppedEpoch = 0;
  bestEpoch = 0;
  private bestWeights: tf.Tensor[] | undefined;

  constructor(options: EarlyStoppingOptions = {}) {
    super('EarlyStopping', options);
    this.patience = options.patience ?? 8;
    requireNonNegativeInteger(this.name, 'patience', this.patience);
    this.baseline = options.baseline;
    if (this.baseline !== undefined) requireFinite(this.name, 'baseline', this.baseline);
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = options.startFromEpoch ?? 0;
    requireNonNegativeInteger(this.name, 'startFromEpoch', this.startFromEpoch);
  }

  /** Resets its counters at the start of training. */
  onTrainBegin(): void {
    if (!this.startsFresh()) return;
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.bestEpoch = 0;
    this.dropBestWeights();
  }

  /** Acts on the epoch's logs (the monitored value). */
  onEpochEnd(epoch: number, logs: Logs, control: TrainingControl): void {
    const current = this.monitoredValue(logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    // Keras: until something improves, the first monitored epoch's weights are the best.
    if (this.restoreBestWeights && this.bestWeights === undefined) {
      this.keepBestWeights(control);
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.keepBestWeights(control);
      // The wait restarts only when the baseline is beaten too.
      if (this.baseline === undefined || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      control.stopTraining = true;
      control.stopReason =
        `EarlyStopping: ${this.monitor} did not improve for ${this.wait} epochs ` +
        `(best ${formatMetric(this.best)} at epoch ${this.bestEpoch + 1})`;
    }
  }

  /** Reports what it did when training ends. */
  onTrainEnd(_logs: Logs, control: TrainingControl): void {
    if (this.bestWeights === undefined) return;
    control.model.model.setWeights(this.bestWeights);
    this.log(`EarlyStopping: restored the model weights from the end of the best epoch, ${this.bestEpoch + 1}.`);
    this.dropBestWeights();
  }

  /**
   * The best weights themselves are not part of the state (they can be large): after a resume the
   * best weights kept are those of the best epoch seen since resuming.
   */
  getState(): EarlyStoppingState {
    return { wait: this.wait, stoppedEpoch: this.stoppedEpoch, best: bestToJson(this.best), bestEpoch: this.bestEpoch };
  }

  /** Restores the counters and best value of a resumed run. */
  setState(state: unknown): void {
    const saved = stateRecord(this.name, state, ['wait', 'stoppedEpoch', 'best', 'bestEpoch']);
    this.wait = Number(saved['wait']);
    this.stoppedEpoch = Number(saved['stoppedEpoch']);
    this.best = bestFromJson(saved['best'], this.worstValue());
    this.bestEpoch = Number(saved['bestEpoch']);
    this.markRestored();
  }

  private keepBestWeights(control: TrainingControl): void {
    this.dropBestWeights();
    // getWeights returns the live variables; clone so later optimizer steps do not change the copy.
    this.bestWeights = control.model.model.getWeights().map((weight) => tf.clone(weight));
  }

  private dropBestWeights(): void {
    if (this.bestWeights) tf.dispose(this.bestWeights);
    this.bestWeights = undefined;
  }
}

