/**
 * Test-only: a `TrainingControl` without a trainer, and a loop that feeds callbacks scripted
 * epoch logs the way the trainer does (epochs from 0, stop after the epoch that asked for it).
 */
import type { Autoencoder } from '../../src/models/autoencoder.js';
import type { Callback, Logs, TrainingControl } from '../../src/training/callbacks/callback.js';
import { CallbackList } from '../../src/training/callbacks/callback-list.js';

export interface FakeControl extends TrainingControl {
  /** Folders passed to saveModel, in order. */
  readonly saved: string[];
}

export function fakeControl(options: { epochs?: number; learningRate?: number; model?: Autoencoder; stepsPerEpoch?: number } = {}): FakeControl {
  const saved: string[] = [];
  return {
    // Cast: callbacks under test that never touch the model get none.
    model: options.model ?? (undefined as unknown as Autoencoder),
    stopTraining: false,
    learningRate: options.learningRate ?? 1e-3,
    epochs: options.epochs ?? 100,
    stepsPerEpoch: options.stepsPerEpoch ?? 10,
    samplesPerEpoch: (options.stepsPerEpoch ?? 10) * 32,
    saved,
    async saveModel(dir: string) {
      saved.push(dir);
    },
  };
}

export interface ScriptedRun {
  /** Epochs that ran (the last one is where a callback asked to stop). */
  epochsRun: number;
  /** control.learningRate after each epoch's callbacks. */
  learningRates: number[];
}

/**
 * Runs epochs `firstEpoch..` with `epochLogs[i]` as the logs of epoch firstEpoch + i, until the
 * logs run out or a callback stops training. `beforeEpochEnd` stands in for the optimizer.
 */
export async function runScripted(
  callbacks: Callback[],
  epochLogs: Logs[],
  control: TrainingControl,
  options: { firstEpoch?: number; beforeEpochEnd?: (epoch: number) => void } = {},
): Promise<ScriptedRun> {
  const list = new CallbackList(callbacks);
  const firstEpoch = options.firstEpoch ?? 0;
  const learningRates: number[] = [];
  await list.onTrainBegin(control);
  let epochsRun = 0;
  for (let i = 0; i < epochLogs.length && !control.stopTraining; i++) {
    const epoch = firstEpoch + i;
    await list.onEpochBegin(epoch, control);
    options.beforeEpochEnd?.(epoch);
    await list.onEpochEnd(epoch, { ...epochLogs[i]! }, control);
    learningRates.push(control.learningRate);
    epochsRun += 1;
  }
  await list.onTrainEnd(epochLogs[epochsRun - 1] ?? {}, control);
  return { epochsRun, learningRates };
}

/** Epoch logs with only `val_loss` set, from a list of values. */
export function valLosses(values: number[]): Logs[] {
  return values.map((value) => ({ val_loss: value }));
}
