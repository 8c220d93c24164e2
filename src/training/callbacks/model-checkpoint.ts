/**
 * Save the model while training (Keras `ModelCheckpoint`): every epoch or every N batches, and
 * with `saveBestOnly` only when the monitored metric improved. Saving itself is the trainer's
 * `control.saveModel`, which writes the folder atomically.
 */
import type { Logs, TrainingControl } from './callback.js';
import { formatMetric } from './format.js';
import { formatFilepath } from './filepath-template.js';
import { MonitorCallback, bestFromJson, bestToJson, stateRecord, type MonitorOptions } from './monitor-callback.js';

export interface ModelCheckpointOptions extends MonitorOptions {
  /** Folder to save to; may contain `{epoch}` (counted from 1) and `{val_loss:.4f}`-style placeholders. */
  filepath: string;
  /** Save only when the monitored metric improved. Default true. */
  saveBestOnly?: boolean;
  /** 'epoch', or a number of batches between saves. Default 'epoch'. */
  saveFreq?: 'epoch' | number;
  /** Print a line for every save. Default false. */
  verbose?: boolean;
}

export interface ModelCheckpointState {
  best: number | null;
  batchesSinceLastSave: number;
}

export class ModelCheckpoint extends MonitorCallback {
  readonly filepath: string;
  readonly saveBestOnly: boolean;
  readonly saveFreq: 'epoch' | number;
  readonly verbose: boolean;
  private currentEpoch = 0;
  private batchesSinceLastSave = 0;

  constructor(options: ModelCheckpointOptions) {
    super('ModelCheckpoint', options);
    if (typeof options.filepath !== 'string' || options.filepath === '') {
      throw new Error(`${this.name}: option 'filepath' must be a folder path, got ${JSON.stringify(options.filepath)}`);
    }
    this.filepath = options.filepath;
    this.saveBestOnly = options.saveBestOnly ?? true;
    this.saveFreq = options.saveFreq ?? 'epoch';
    if (this.saveFreq !== 'epoch' && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0)) {
      throw new Error(`${this.name}: option 'saveFreq' must be 'epoch' or a positive number of batches, got ${JSON.stringify(this.saveFreq)}`);
    }
    this.verbose = options.verbose ?? false;
  }

  /** Notes the epoch that starts. */
  onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  /** Acts after a training step when its schedule says so. */
  async onBatchEnd(batch: number, logs: Logs, control: TrainingControl): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    this.batchesSinceLastSave += 1;
    if (this.batchesSinceLastSave < this.saveFreq) return;
    this.batchesSinceLastSave = 0;
    await this.save({ ...logs, epoch: this.currentEpoch + 1, batch: batch + 1 }, control);
  }

  /** Acts on the epoch's logs (the monitored value). */
  async onEpochEnd(epoch: number, logs: Logs, control: TrainingControl): Promise<void> {
    if (this.saveFreq === 'epoch') await this.save({ ...logs, epoch: epoch + 1 }, control);
  }

  /** `values` holds the logs plus `epoch` (and `batch`) counted from 1, as Keras formats them. */
  private async save(values: Logs, control: TrainingControl): Promise<void> {
    const target = formatFilepath(this.filepath, values);
    // Keras saves anyway when the metric is missing: better an unranked checkpoint than none.
    const current = this.saveBestOnly ? this.monitoredValue(values) : undefined;
    if (current !== undefined && !this.isImprovement(current)) {
      if (this.verbose) this.log(`Epoch ${values['epoch']}: ${this.monitor} did not improve from ${formatMetric(this.best)}`);
      return;
    }
    if (this.verbose) {
      const why = current === undefined ? '' : `${this.monitor} improved from ${formatMetric(this.best)} to ${formatMetric(current)}, `;
      this.log(`Epoch ${values['epoch']}: ${why}saving model to ${target}`);
    }
    await control.saveModel(target);
    // Only a save that succeeded becomes the best to beat.
    if (current !== undefined) this.best = current;
  }

  /** Its counters and best value, for a resume. */
  getState(): ModelCheckpointState {
    return { best: bestToJson(this.best), batchesSinceLastSave: this.batchesSinceLastSave };
  }

  /** Restores the counters and best value of a resumed run. */
  setState(state: unknown): void {
    const saved = stateRecord(this.name, state, ['best', 'batchesSinceLastSave']);
    this.best = bestFromJson(saved['best'], this.worstValue());
    this.batchesSinceLastSave = Number(saved['batchesSinceLastSave']);
  }
}
