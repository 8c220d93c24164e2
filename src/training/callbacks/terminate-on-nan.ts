/**
 * Stop as soon as a batch loss is NaN or infinite (Keras `TerminateOnNaN`): nothing useful can
 * follow, and the message says where it happened and what usually causes it. `failure` keeps
 * that message, so a run can end 'failed' rather than 'completed' with broken weights.
 */
import type { Callback, Logs, TrainingControl } from './callback.js';

export class TerminateOnNaN implements Callback {
  readonly name = 'TerminateOnNaN';
  private epoch = 0;
  /** Why training was ended, once a loss was not finite. */
  failure: string | undefined;

  onTrainBegin(): void {
    this.failure = undefined;
  }

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  onBatchEnd(batch: number, logs: Logs, control: TrainingControl): void {
    const loss = logs['loss'];
    if (loss === undefined || Number.isFinite(loss)) return;
    control.stopTraining = true;
    this.failure =
      `TerminateOnNaN: the loss became ${loss} at epoch ${this.epoch + 1}, batch ${batch + 1}. ` +
      `Try a lower learning rate, and check that the inputs are scaled to [0, 1].`;
    control.stopReason = this.failure;
  }
}
