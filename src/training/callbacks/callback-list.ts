/**
 * Runs a list of callbacks as one: each hook is awaited on every callback in order, and the
 * callbacks' resume state is collected and restored under their names.
 */
import type { Callback, Logs, TrainingControl } from './callback.js';

/** Resume state of all callbacks, keyed by callback name; JSON-safe. */
export type CallbackStates = Record<string, unknown>;

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

  async onTrainBegin(control: TrainingControl): Promise<void> {
    for (const callback of this.callbacks) await callback.onTrainBegin?.(control);
  }

  async onEpochBegin(epoch: number, control: TrainingControl): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochBegin?.(epoch, control);
  }

  async onBatchEnd(batch: number, logs: Logs, control: TrainingControl): Promise<void> {
    for (const callback of this.callbacks) await callback.onBatchEnd?.(batch, logs, control);
  }

  async onEpochEnd(epoch: number, logs: Logs, control: TrainingControl): Promise<void> {
    for (const callback of this.callbacks) await callback.onEpochEnd?.(epoch, logs, control);
  }

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
