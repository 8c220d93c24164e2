/**
 * Runs a list of callbacks as one: each hook is awaited on every callback in order, and the
 * callbacks' resume state is collected and restored under their names.
 */
import type { Callback, Logs, TrainingControl } from './callback.js';

/** Resume state of all callbacks, keyed by callback name; JSON-safe. */
export type CallbackStates = Record<string, unknown>;

/** The callbacks of a run, called in order with one TrainingControl; their states saved and restored together. */
export class CallbackList {
  readonly callbacks: readonly Callback[];

  constructor(callbacks: Callback[] = []) {
    const seen = new Set<string>();
    for (const callback of callbacks) {
      if (seen.has(callback.name)) {
        throw new Error(
          `CallbackList: two callbacks are named '${callback.name}'; their resume state would collide. ` +
            `Give one of them another name (option 'name').`,
        );
      }
      seen.add(callback.name);
    }
    this.callbacks = [...callbacks];
  }

  /** Resets its counters at the start of training. */
  async onTrainBegin(control: TrainingControl): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainBegin?.(control);
  }

  /** Notes the epoch that starts. */
  async onEpochBegin(epoch: number, control: TrainingControl): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochBegin?.(epoch, control);
  }

  /** Acts after a training step when its schedule says so. */
  async onBatchEnd(batch: number, logs: Logs, control: TrainingControl): Promise<void> {
    for (const callback of this.callbacks) await callback.onBatchEnd?.(batch, logs, control);
  }

  /** Acts on the epoch's logs (the monitored value). */
  async onEpochEnd(epoch: number, logs: Logs, control: TrainingControl): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochEnd?.(epoch, logs, control);
  }

  /** Reports what it did when training ends. */
  async onTrainEnd(logs: Logs, control: TrainingControl): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainEnd?.(logs, control);
  }

  /** State of every callback that has some, for a resume checkpoint. */
  getState(): CallbackStates {
    const states: CallbackStates = {};
    for (const callback of this.callbacks) {
      if (callback.getState) states[callback.name] = callback.getState();
    }
    return states;
  }

  /**
   * Restores saved states; call before `onTrainBegin` so the restored counters are kept. A state
   * for a callback that is no longer in the list is ignored, a missing one leaves it fresh.
   */
  setState(states: CallbackStates): void {
    for (const callback of this.callbacks) {
      if (callback.name in states && callback.setState) callback.setState(states[callback.name]);
    }
  }
}
