/**
 * The layout of a run folder, shared by the trainer that writes it, `aekit train --resume`,
 * `aekit report` and the dashboard that read it.
 *
 *   runs/<id>/config.json         what was asked: model spec, dataset, training options, seed, backend
 *   runs/<id>/status.json         RunStatus, rewritten atomically at every epoch end and at the end
 *   runs/<id>/metrics.json        History (epoch list + per-metric arrays), rewritten every epoch
 *   runs/<id>/metrics.csv         the same, Keras CSVLogger format
 *   runs/<id>/logs/               TensorBoard event files (train/, validation/)
 *   runs/<id>/best/               saved model with the best val_loss (ModelCheckpoint)
 *   runs/<id>/last/               saved model + optimizer + training state after the last completed epoch
 *   runs/<id>/reconstructions.png 10 test originals above their reconstructions (updated every epoch)
 *   runs/<id>/run.lock            while a process trains the run: its pid, start time and host (run-lock.ts)
 *
 * status.json says 'running' while the run trains; a reader that finds 'running' but no live
 * owner of run.lock reports the run 'killed' (run-status.ts): a SIGKILLed process cannot say so.
 */
import * as path from 'node:path';

/** The files and folders of a run folder, by role (config, status, metrics, best, last, ...). */
export const RUN_FILES = {
  config: 'config.json',
  status: 'status.json',
  metrics: 'metrics.json',
  metricsCsv: 'metrics.csv',
  tensorboard: 'logs',
  best: 'best',
  last: 'last',
  reconstructions: 'reconstructions.png',
  lock: 'run.lock',
} as const;

/** 'killed' is never written: readers derive it from 'running' and a lock whose owner is gone. */
export type RunState = 'running' | 'completed' | 'stopped' | 'failed' | 'killed';

export interface RunStatus {
  state: RunState;
  /** Completed epochs so far. */
  epochsDone: number;
  epochs: number;
  updatedAt: string;
  pid: number;
  stopReason?: string;
  error?: string;
  /** Last epoch's logs. */
  last?: Record<string, number>;
  samplesPerSecond?: number;
}

export function runFile(runDir: string, file: keyof typeof RUN_FILES): string {
  return path.join(runDir, RUN_FILES[file]);
}
