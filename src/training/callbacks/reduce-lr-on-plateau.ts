/**
 * Lower the learning rate when the monitored metric plateaus (Keras `ReduceLROnPlateau`):
 * after `patience` epochs without improvement, lr becomes max(lr * factor, minLr), then
 * `cooldown` epochs pass before the counting starts again.
 */
import type { Logs, TrainingControl } from './callback.js';
import { formatLearningRate } from './format.js';
import {
  MonitorCallback,
  bestFromJson,
  bestToJson,
  requireFinite,
  requireNonNegativeInteger,
  stateRecord,
  type MonitorOptions,
} from './monitor-callback.js';

export interface ReduceLROnPlateauOptions extends MonitorOptions {
  /** Multiplier applied to the learning rate, in (0, 1). Default 0.2. */
  factor?: number;
  /** Epochs without improvement before reducing. Default 4. */
  patience?: number;
  /** The learning rate never goes below this. Default 1e-6. */
  minLr?: number;
  /** Epochs after a reduction during which plateaus are not counted. Default 0. */
  cooldown?: number;
  /** Print a line for every reduction. Default true. */
  verbose?: boolean;
}

export interface ReduceLROnPlateauState {
  wait: number;
  cooldownCounter: number;
  best: number | null;
}

export class ReduceLROnPlateau extends MonitorCallback {
  readonly factor: number;
  readonly patience: number;
  readonly minLr: number;
  readonly cooldown: number;
  readonly verbose: boolean;
  wait = 0;
  cooldownCounter = 0;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    // Keras's default min_delta for this callback is 1e-4, unlike the others' 0.
    super('ReduceLROnPlateau', options, 1e-4);
    this.factor = options.factor ?? 0.2;
    if (!(this.factor > 0 && this.factor < 1)) {
      throw new Error(`${this.name}: option 'factor' must be in (0, 1) so the learning rate goes down, got ${this.factor}`);
    }
    this.patience = options.patience ?? 4;
    requireNonNegativeInteger(this.name, 'patience', this.patience);
    this.minLr = options.minLr ?? 1e-6;
    requireFinite(this.name, 'minLr', this.minLr);
    this.cooldown = options.cooldown ?? 0;
    requireNonNegativeInteger(this.name, 'cooldown', this.cooldown);
    this.verbose = options.verbose ?? true;
  }

  /** True while the learning rate was lowered too recently to lower it again. */
  inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Resets its counters at the start of training. */
  onTrainBegin(): void {
    if (!this.startsFresh()) return;
    this.wait = 0;
    this.cooldownCounter = 0;
  }

  /** Acts on the epoch's logs (the monitored value). */
  onEpochEnd(epoch: number, logs: Logs, control: TrainingControl): void {
    const current = this.monitoredValue(logs);
    if (current === undefined) return;
    if (this.inCooldown()) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.isImprovement(current)) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.inCooldown()) return;
    this.wait += 1;
    if (this.wait < this.patience) return;
    const oldLr = control.learningRate;
    // Keras compares in float32: an lr stored as float32(minLr) counts as already at the floor.
    if (oldLr > Math.fround(this.minLr)) {
      const newLr = Math.max(oldLr * this.factor, this.minLr);
      control.learningRate = newLr;
      if (this.verbose) {
        this.log(`Epoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${formatLearningRate(newLr)}.`);
      }
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }

  /** Its counters and best value, for a resume. */
  getState(): ReduceLROnPlateauState {
    return { wait: this.wait, cooldownCounter: this.cooldownCounter, best: bestToJson(this.best) };
  }

  /** Restores the counters and best value of a resumed run. */
  setState(state: unknown): void {
    const saved = stateRecord(this.name, state, ['wait', 'cooldownCounter', 'best']);
    this.wait = Number(saved['wait']);
    this.cooldownCounter = Number(saved['cooldownCounter']);
    this.best = bestFromJson(saved['best'], this.worstValue());
    this.markRestored();
  }
}
