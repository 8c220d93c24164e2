/**
 * A callback made of plain functions (Keras `LambdaCallback`): the simplest way for a page to
 * follow training, e.g. `new LambdaCallback({ onEpochEnd: (epoch, logs) => plot(logs.loss) })`.
 * A hook may return a promise, e.g. one that waits for the next animation frame so the page
 * repaints between batches.
 */
import type { Callback, Logs, TrainingControl } from './callback.js';

export interface LambdaCallbackOptions {
  /** Distinct name when a run has several (resume state is keyed by name). Default 'LambdaCallback'. */
  name?: string;
  /** Runs before the first epoch. */
  onTrainBegin?(control: TrainingControl): void | Promise<void>;
  /** Runs before each epoch (from 0). */
  onEpochBegin?(epoch: number, control: TrainingControl): void | Promise<void>;
  /** Runs after each training step. */
  onBatchEnd?(batch: number, logs: Logs, control: TrainingControl): void | Promise<void>;
  /** Runs after each epoch with its logs. */
  onEpochEnd?(epoch: number, logs: Logs, control: TrainingControl): void | Promise<void>;
  /** Runs when training ends. */
  onTrainEnd?(logs: Logs, control: TrainingControl): void | Promise<void>;
}

const HOOKS = ['onTrainBegin', 'onEpochBegin', 'onBatchEnd', 'onEpochEnd', 'onTrainEnd'] as const;

export class LambdaCallback implements Callback {
  readonly name: string;
  /** The hook given as `onTrainBegin`, if any. */
  readonly onTrainBegin?: LambdaCallbackOptions['onTrainBegin'];
  /** The hook given as `onEpochBegin`, if any. */
  readonly onEpochBegin?: LambdaCallbackOptions['onEpochBegin'];
  /** The hook given as `onBatchEnd`, if any. */
  readonly onBatchEnd?: LambdaCallbackOptions['onBatchEnd'];
  /** The hook given as `onEpochEnd`, if any. */
  readonly onEpochEnd?: LambdaCallbackOptions['onEpochEnd'];
  /** The hook given as `onTrainEnd`, if any. */
  readonly onTrainEnd?: LambdaCallbackOptions['onTrainEnd'];

  constructor(options: LambdaCallbackOptions) {
    const unknown = Object.keys(options).filter((key) => key !== 'name' && !(HOOKS as readonly string[]).includes(key));
    if (unknown.length > 0) throw new Error(`LambdaCallback: unknown option(s) ${unknown.join(', ')}; expected name, ${HOOKS.join(', ')}`);
    for (const hook of HOOKS) {
      const fn = options[hook];
      if (fn !== undefined && typeof fn !== 'function') throw new Error(`LambdaCallback: option '${hook}' must be a function, got ${typeof fn}`);
    }
    this.name = options.name ?? 'LambdaCallback';
    this.onTrainBegin = options.onTrainBegin;
    this.onEpochBegin = options.onEpochBegin;
    this.onBatchEnd = options.onBatchEnd;
    this.onEpochEnd = options.onEpochEnd;
    this.onTrainEnd = options.onTrainEnd;
  }
}
