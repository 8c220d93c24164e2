/**
 * The shared base of EarlyStopping, ReduceLROnPlateau and ModelCheckpoint (as in Keras 3): what
 * is monitored, in which direction, by how much it must move to count, and the best value so far.
 * The logic is written once here so the three callbacks can never disagree about "improved".
 */
import type { Callback, Logs } from './callback.js';

export type MonitorMode = 'min' | 'max' | 'auto';

/** Where callbacks send their warnings and messages; tests inject a recorder. */
export type LogFunction = (message: string) => void;

export interface MonitorOptions {
  /** Metric read from the epoch logs. Default 'val_loss'. */
  monitor?: string;
  /** 'auto' maximises names containing 'acc' or 'auc' and minimises everything else. */
  mode?: MonitorMode;
  /** Smallest change that counts as an improvement (its sign is ignored). */
  minDelta?: number;
  /** Key of this callback's state in a resume checkpoint; defaults to the class name. */
  name?: string;
  log?: LogFunction;
}

/** Direction a metric should move, resolving 'auto' from its name like Keras does. */
export function resolveMode(monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc|auc/.test(monitor) ? 'max' : 'min';
}

export abstract class MonitorCallback implements Callback {
  readonly name: string;
  readonly monitor: string;
  /** The resolved direction ('auto' already decided). */
  readonly mode: 'min' | 'max';
  readonly minDelta: number;
  /** Best monitored value so far; +-Infinity before the first one. */
  best: number;
  protected readonly log: LogFunction;
  private warnedMissing = false;
  private restored = false;

  protected constructor(defaultName: string, options: MonitorOptions, defaultMinDelta = 0) {
    this.name = options.name ?? defaultName;
    this.monitor = options.monitor ?? 'val_loss';
    const mode = options.mode ?? 'auto';
    if (!['min', 'max', 'auto'].includes(mode)) {
      throw new Error(`${this.name}: option 'mode' must be 'min', 'max' or 'auto', got '${String(mode)}'`);
    }
    this.mode = resolveMode(this.monitor, mode);
    const minDelta = options.minDelta ?? defaultMinDelta;
    requireFinite(this.name, 'minDelta', minDelta);
    this.minDelta = Math.abs(minDelta);
    this.log = options.log ?? ((message) => console.warn(message));
    this.best = this.worstValue();
  }

  /** True when `current` beats `reference` (default: the best so far) by more than minDelta. */
  isImprovement(current: number, reference: number = this.best): boolean {
    return this.mode === 'min' ? current < reference - this.minDelta : current > reference + this.minDelta;
  }

  /** The value every real metric improves on. */
  protected worstValue(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  /**
   * The monitored metric from `logs`, or undefined (with a single warning per callback) when it is
   * missing, e.g. monitoring 'val_loss' without validation data. Keras warns and skips; so do we.
   */
  protected monitoredValue(logs: Logs): number | undefined {
    const value = logs[this.monitor];
    if (value !== undefined) return value;
    if (!this.warnedMissing) {
      this.warnedMissing = true;
      const available = Object.keys(logs).join(', ') || 'none';
      this.log(
        `${this.name}: the monitored metric '${this.monitor}' is not in the logs (available: ${available}); ` +
          `this callback does nothing until it appears. Pass --monitor with one of the available metrics, ` +
          `or provide validation data for 'val_*' metrics.`,
      );
    }
    return undefined;
  }

  /** Called by `setState`: the next `onTrainBegin` must keep the restored counters. */
  protected markRestored(): void {
    this.restored = true;
  }

  /**
   * Keras resets counters in on_train_begin so an instance can be reused by another fit; a
   * resumed run must keep what `setState` restored. Resets the best value unless it was restored;
   * true when it did, and the subclass resets its own counters too.
   */
  protected startsFresh(): boolean {
    const fresh = !this.restored;
    this.restored = false;
    if (fresh) this.best = this.worstValue();
    return fresh;
  }
}

export function requireFinite(owner: string, option: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${owner}: option '${option}' must be a finite number, got ${String(value)}`);
  }
}

export function requireNonNegativeInteger(owner: string, option: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${owner}: option '${option}' must be a non-negative integer, got ${String(value)}`);
  }
}

/** JSON has no Infinity: a best value that is still +-Infinity is stored as null. */
export function bestToJson(best: number): number | null {
  return Number.isFinite(best) ? best : null;
}

export function bestFromJson(value: unknown, worst: number): number {
  return typeof value === 'number' ? value : worst;
}

/**
 * Reads a saved state object, failing clearly when a checkpoint holds something else
 * (e.g. a state written by a different callback under the same name).
 */
export function stateRecord(owner: string, state: unknown, fields: string[]): Record<string, unknown> {
  if (typeof state !== 'object' || state === null) {
    throw new Error(`${owner}: saved state must be an object, got ${JSON.stringify(state)}`);
  }
  const record = state as Record<string, unknown>;
  for (const field of fields) {
    if (!(field in record)) {
      throw new Error(`${owner}: saved state lacks '${field}' (expected fields: ${fields.join(', ')}); found ${JSON.stringify(state)}`);
    }
  }
  return record;
}
