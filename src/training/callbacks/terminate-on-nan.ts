/**
 * Stop as soon as a batch loss is NaN or infinite (Keras `TerminateOnNaN`): nothing useful can
 * follow, and the message says where it happened and what usually causes it.
 */
import type { Callback, Logs, TrainingControl } from './callback.js';

export class TerminateOnNaN implements Callback {
  readonly name = 'TerminateOnNaN';
  private epoch = 0;

  onEpochBegin(epoch: number): void {
    this.epoch = epoch;
  }

  onBatchEnd(batch: number, logs: Logs, control: TrainingControl): void {
    const loss = logs['loss'];
    if (loss === undefined || Number.isFinite(loss)) return;
    control.stopTraining = true;
    control.stopReason =
      `TerminateOnNaN: the loss became ${loss} at epoch ${this.epoch + 1}, batch ${batch + 1}. ` +
      `Try a lower learning rate, and check that the inputs are scaled to [0, 1].`;
  }
}
