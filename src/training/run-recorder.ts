/**
 * Keeps a run folder current while it trains: after each epoch the resume point (last/), then
 * metrics.json, the preview image and status.json, in that order, so whatever moment the process
 * dies at, last/ is the truth and the other files are at most one epoch behind or ahead of it
 * (a resume rewrites them from last/, see run-recovery.ts).
 */
import type { Adam } from '../optimizers/adam.js';
import type { SampleSet } from '../data/samples.js';
import { saveAutoencoder } from '../io/model-io.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { History } from './trainer.js';
import { runFile, type RunStatus } from './run-layout.js';
import { writeRunStatus } from './run-status.js';
import { writeReconstructionPng } from './reconstruction-preview.js';
import type { Callback, CallbackList, CallbackStates, Logs, TerminateOnNaN, TrainingControl } from './callbacks/index.js';

/** The training state saved in last/state.json beside the model and optimizer. */
export interface ResumeState {
  epochsDone: number;
  history: History;
  callbacks: CallbackStates;
  /** Set when a callback (EarlyStopping) ended training after this epoch: the run is complete. */
  stopReason?: string;
}

/** What the recorder needs of the run's config. */
export interface RecordedRun {
  model: string;
  epochs: number;
  imageShape: [number, number, number];
}

export async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export class RunRecorder implements Callback {
  readonly name = 'RunRecorder';
  callbacks: CallbackList | undefined;
  private epochStart = 0;
  private samplesPerSecond = 0;

  constructor(
    readonly runDir: string,
    private readonly config: RecordedRun,
    private readonly optimizer: Adam,
    private readonly preview: SampleSet,
    /** The epochs saved in last/ so far (not the one in progress). */
    public history: History,
    /** Its failure means the epoch's weights are not worth keeping. */
    private readonly nanGuard: TerminateOnNaN,
  ) {}

  status(state: RunStatus['state'], extra: Partial<RunStatus> = {}): RunStatus {
    const last: Logs = {};
    for (const [k, v] of Object.entries(this.history.metrics)) if (v.length) last[k] = v[v.length - 1]!;
    return {
      state,
      epochsDone: this.history.epoch.length,
      epochs: this.config.epochs,
      updatedAt: new Date().toISOString(),
      pid: process.pid,
      last,
      ...(this.samplesPerSecond ? { samplesPerSecond: Math.round(this.samplesPerSecond) } : {}),
      ...extra,
    };
  }

  async writeStatus(state: RunStatus['state'], extra: Partial<RunStatus> = {}): Promise<RunStatus> {
    const status = this.status(state, extra);
    await writeRunStatus(this.runDir, status);
    return status;
  }

  onEpochBegin(): void {
    this.epochStart = Date.now();
  }

  async onEpochEnd(epoch: number, logs: Logs, control: TrainingControl): Promise<void> {
    // A NaN epoch is not saved: last/ keeps the last good weights, and the run ends 'failed'.
    if (this.nanGuard.failure) return;
    this.samplesPerSecond = control.samplesPerEpoch / Math.max(1e-3, (Date.now() - this.epochStart) / 1000);
    const history: History = { epoch: [...this.history.epoch, epoch], metrics: structuredClone(this.history.metrics) };
    for (const [k, v] of Object.entries(logs)) (history.metrics[k] ??= []).push(v);
    const state: ResumeState = {
      epochsDone: epoch + 1,
      history,
      callbacks: this.callbacks?.getState() ?? {},
      ...(control.stopTraining && control.stopReason ? { stopReason: control.stopReason } : {}),
    };
    await saveAutoencoder(control.model, runFile(this.runDir, 'last'), { optimizer: this.optimizer, state });
    // Only now is the epoch saved: a status written from here on (also by a signal) counts it.
    this.history = history;
    await writeJson(runFile(this.runDir, 'metrics'), this.history);
    await writeReconstructionPng(runFile(this.runDir, 'reconstructions'), control.model, this.preview, this.config.imageShape, `${this.config.model} after epoch ${epoch + 1}`);
    await this.writeStatus('running');
  }
}
