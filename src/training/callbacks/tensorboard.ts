/**
 * Epoch scalars as real TensorBoard event files, laid out like Keras so TensorBoard overlays the
 * two runs: `logDir/train` gets `epoch_loss`, `epoch_lr` and every other training term;
 * `logDir/validation` gets `epoch_loss` (from `val_loss`) and the other `val_*` terms.
 * Steps are epochs counted from 0, as in Keras.
 */
import * as path from 'node:path';
import type { Callback, Logs } from './callback.js';
import { EventFileWriter } from './tensorboard/event-file-writer.js';

export interface TensorBoardOptions {
  logDir: string;
  /** Clock in milliseconds, injectable for tests. */
  now?: () => number;
}

export class TensorBoard implements Callback {
  readonly name = 'TensorBoard';
  readonly logDir: string;
  private readonly now: () => number;
  private train: EventFileWriter | undefined;
  private validation: EventFileWriter | undefined;

  constructor(options: TensorBoardOptions) {
    if (typeof options.logDir !== 'string' || options.logDir === '') {
      throw new Error(`TensorBoard: option 'logDir' must be a folder path, got ${JSON.stringify(options.logDir)}`);
    }
    this.logDir = options.logDir;
    this.now = options.now ?? Date.now;
  }

  /** Paths of the event files written so far (train, then validation). */
  get files(): string[] {
    return [this.train?.file, this.validation?.file].filter((file): file is string => file !== undefined);
  }

  async onTrainBegin(): Promise<void> {
    // A new file per run (as TensorFlow does); a resumed run adds its own file beside the old one.
    this.train = await EventFileWriter.create(path.join(this.logDir, 'train'), this.now);
    this.validation = undefined;
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    const { train, validation } = splitLogs(logs);
    if (!this.train) this.train = await EventFileWriter.create(path.join(this.logDir, 'train'), this.now);
    await this.train.addScalars(epoch, train, this.now());
    if (Object.keys(validation).length === 0) return;
    // The validation folder only appears once there is validation data, as in Keras.
    if (!this.validation) this.validation = await EventFileWriter.create(path.join(this.logDir, 'validation'), this.now);
    await this.validation.addScalars(epoch, validation, this.now());
  }
}

/** `loss` -> train `epoch_loss`; `val_loss` -> validation `epoch_loss`; `size` is bookkeeping, not a metric. */
export function splitLogs(logs: Logs): { train: Record<string, number>; validation: Record<string, number> } {
  const train: Record<string, number> = {};
  const validation: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs)) {
    if (key === 'size') continue;
    if (key.startsWith('val_')) validation[`epoch_${key.slice(4)}`] = value;
    else train[`epoch_${key}`] = value;
  }
  return { train, validation };
}
