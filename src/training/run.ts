/**
 * A training run as the CLI, the library and the dashboard start it: resolve data and model,
 * train with the seed's callbacks, and keep everything in a run folder (see run-layout.ts) from
 * which `resumeRun` continues a run killed at any moment from its last completed epoch.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Autoencoder, ReconstructionLoss } from '../models/autoencoder.js';
import { buildModel, inputShapeFor } from '../models/registry.js';
import { needsPretraining, pretrain } from './pretraining/index.js';
import { loadSplit, type ImageDataset } from '../data/index.js';
import { loadAutoencoder, saveAutoencoder } from '../io/model-io.js';
import { writeFileAtomic } from '../util/atomic.js';
import { backendInfo } from '../backend/select.js';
import { VERSION } from '../util/version.js';
import { Adam } from '../optimizers/adam.js';
import { fit, type History } from './trainer.js';
import { datasetSamples, splitTail, type SampleSet } from '../data/samples.js';
import { RUN_FILES, runFile, type RunStatus } from './run-layout.js';
import { writeReconstructionPng } from './reconstruction-preview.js';
import {
  CallbackList,
  CSVLogger,
  EarlyStopping,
  ModelCheckpoint,
  ProgressBar,
  ReduceLROnPlateau,
  TensorBoard,
  TerminateOnNaN,
  type Callback,
  type CallbackStates,
  type Logs,
  type TrainingControl,
} from './callbacks/index.js';

export interface TrainOptions {
  model: string;
  modelOptions?: Record<string, unknown>;
  loss?: ReconstructionLoss;
  dataset: string;
  dataDir?: string;
  /** Use the first N samples of the training split (and at most N of the test split). */
  limit?: number;
  imageSize?: [number, number];
  download?: boolean;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  shuffle?: boolean;
  /** 'test' validates on the test split (the seed's setting); a number holds out that fraction of train. */
  validation?: 'test' | number;
  seed?: number;
  /** EarlyStopping patience on val_loss (0 disables). */
  patience?: number;
  /** ReduceLROnPlateau settings, or false to disable. */
  reduceLr?: { factor: number; patience: number; minLr: number } | false;
  runsDir?: string;
  /** Run folder name; default <timestamp>-<model>-<dataset>. */
  name?: string;
  /** Where progress goes; default stdout. Pass null for silence. */
  progress?: (NodeJS.WritableStream & { isTTY?: boolean }) | null;
}

/** What config.json holds: the options with every default filled in, plus what was resolved. */
export interface RunConfig extends Required<Omit<TrainOptions, 'progress' | 'dataDir' | 'limit' | 'imageSize' | 'name' | 'modelOptions' | 'loss'>> {
  modelSpec: Autoencoder['spec'];
  imageShape: [number, number, number];
  dataDir?: string;
  limit?: number;
  imageSize?: [number, number];
  dataSource: string;
  classNames?: string[];
  backend?: string;
  aekitVersion: string;
  createdAt: string;
}

export interface RunResult {
  runDir: string;
  autoencoder: Autoencoder;
  history: History;
  status: RunStatus;
}

/** The training state saved in last/state.json beside the model and optimizer. */
interface ResumeState {
  epochsDone: number;
  history: History;
  callbacks: CallbackStates;
}

export const SEED_DEFAULTS = { batchSize: 128, learningRate: 1e-3, patience: 8, reduceLr: { factor: 0.2, patience: 4, minLr: 1e-6 } } as const;

async function writeJson(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function defaultRunName(model: string, dataset: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return `${stamp}-${model}-${path.basename(dataset).replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

interface RunData {
  train: SampleSet;
  validation?: SampleSet;
  preview: SampleSet;
  dataset: ImageDataset;
}

async function loadRunData(config: Pick<RunConfig, 'dataset' | 'dataDir' | 'limit' | 'imageSize' | 'download' | 'validation'>, inputShape: (imageShape: [number, number, number]) => number[]): Promise<RunData & { inputShape: number[] }> {
  const trainData = await loadSplit(config, 'train');
  const shape = inputShape(trainData.shape);
  let train = datasetSamples(trainData, shape);
  let validation: SampleSet;
  if (config.validation === 'test') {
    validation = datasetSamples(await loadSplit(config, 'test'), shape);
  } else {
    ({ train, validation } = splitTail(train, config.validation));
  }
  return { train, validation, preview: validation, dataset: trainData, inputShape: shape };
}

function buildCallbacks(runDir: string, config: RunConfig, progress: TrainOptions['progress'], resuming: boolean, recorder: Callback): CallbackList {
  const callbacks: Callback[] = [new TerminateOnNaN()];
  if (progress !== null) callbacks.push(new ProgressBar(progress ? { stream: progress } : {}));
  callbacks.push(new CSVLogger({ filename: runFile(runDir, 'metricsCsv'), append: resuming }));
  callbacks.push(new TensorBoard({ logDir: runFile(runDir, 'tensorboard') }));
  callbacks.push(new ModelCheckpoint({ filepath: runFile(runDir, 'best'), monitor: 'val_loss', saveBestOnly: true }));
  if (config.reduceLr) callbacks.push(new ReduceLROnPlateau({ monitor: 'val_loss', ...config.reduceLr }));
  if (config.patience > 0) callbacks.push(new EarlyStopping({ monitor: 'val_loss', patience: config.patience }));
  callbacks.push(recorder);
  return new CallbackList(callbacks);
}

/** Keeps the run folder current: metrics, status, the preview image and the resume point. */
class RunRecorder implements Callback {
  readonly name = 'RunRecorder';
  callbacks: CallbackList | undefined;
  private epochStart = 0;
  private samplesPerSecond = 0;

  constructor(
    private readonly runDir: string,
    private readonly config: RunConfig,
    private readonly optimizer: Adam,
    private readonly preview: SampleSet,
    private history: History,
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
    await writeJson(runFile(this.runDir, 'status'), status);
    return status;
  }

  onEpochBegin(): void {
    this.epochStart = Date.now();
  }

  async onEpochEnd(epoch: number, logs: Logs, control: TrainingControl): Promise<void> {
    this.samplesPerSecond = control.samplesPerEpoch / Math.max(1e-3, (Date.now() - this.epochStart) / 1000);
    this.history.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (this.history.metrics[k] ??= []).push(v);
    const state: ResumeState = { epochsDone: epoch + 1, history: this.history, callbacks: this.callbacks?.getState() ?? {} };
    await saveAutoencoder(control.model, runFile(this.runDir, 'last'), { optimizer: this.optimizer, state });
    await writeJson(runFile(this.runDir, 'metrics'), this.history);
    await writeReconstructionPng(runFile(this.runDir, 'reconstructions'), control.model, this.preview, this.config.imageShape, `${this.config.model} after epoch ${epoch + 1}`);
    await this.writeStatus('running');
  }
}

async function runTraining(runDir: string, config: RunConfig, model: Autoencoder, data: RunData, optimizer: Adam, resume: ResumeState | undefined, progress: TrainOptions['progress']): Promise<RunResult> {
  const history: History = resume?.history ?? { epoch: [], metrics: {} };
  const recorder = new RunRecorder(runDir, config, optimizer, data.preview, { epoch: [...history.epoch], metrics: structuredClone(history.metrics) });
  const callbacks = buildCallbacks(runDir, config, progress, resume !== undefined, recorder);
  recorder.callbacks = callbacks;
  if (resume) callbacks.setState(resume.callbacks);
  await recorder.writeStatus('running');
  try {
    const result = await fit(model, data.train, {
      epochs: config.epochs,
      batchSize: config.batchSize,
      shuffle: config.shuffle,
      ...(data.validation ? { validationData: data.validation } : {}),
      callbacks,
      seed: config.seed,
      optimizer,
      initialEpoch: resume?.epochsDone ?? 0,
      history,
    });
    await writeReconstructionPng(runFile(runDir, 'reconstructions'), model, data.preview, config.imageShape, `${config.model}: test originals (top) and reconstructions`);
    const status = await recorder.writeStatus('completed', result.stopReason ? { stopReason: result.stopReason } : {});
    return { runDir, autoencoder: model, history: result, status };
  } catch (error) {
    await recorder.writeStatus('failed', { error: (error as Error).message });
    throw error;
  }
}

/** Trains a model by name on a dataset, in a new run folder. */
export async function train(options: TrainOptions): Promise<RunResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const validation = options.validation ?? 'test';
  const dataConfig = { dataset: options.dataset, download: options.download ?? true, validation, ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(options.limit ? { limit: options.limit } : {}), ...(options.imageSize ? { imageSize: options.imageSize } : {}) };
  const data = await loadRunData(dataConfig, (imageShape) => inputShapeFor(options.model, imageShape, options.modelOptions));
  const model = buildModel(options.model, { inputShape: data.inputShape, seed, ...(options.loss ? { loss: options.loss } : {}), ...(options.modelOptions ? { options: options.modelOptions } : {}) });
  const runsDir = options.runsDir ?? 'runs';
  const runDir = path.resolve(runsDir, options.name ?? defaultRunName(options.model, options.dataset));
  try {
    await fs.mkdir(runDir, { recursive: false });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new Error(`run folder ${runDir} already exists: choose another --name, or continue it with --resume ${runDir}`);
    if (code === 'ENOENT') await fs.mkdir(runDir, { recursive: true });
    else throw error;
  }
  const config: RunConfig = {
    model: options.model,
    modelSpec: model.spec,
    ...dataConfig,
    imageShape: data.dataset.shape,
    dataSource: data.dataset.source,
    ...(data.dataset.classNames ? { classNames: data.dataset.classNames } : {}),
    epochs: options.epochs,
    batchSize: options.batchSize ?? SEED_DEFAULTS.batchSize,
    learningRate: options.learningRate ?? SEED_DEFAULTS.learningRate,
    shuffle: options.shuffle ?? true,
    seed,
    patience: options.patience ?? SEED_DEFAULTS.patience,
    reduceLr: options.reduceLr ?? { ...SEED_DEFAULTS.reduceLr },
    runsDir,
    ...(backendInfo() ? { backend: backendInfo()!.name } : {}),
    aekitVersion: VERSION,
    createdAt: new Date().toISOString(),
  };
  await writeJson(runFile(runDir, 'config'), config);
  if (needsPretraining(model)) {
    // Greedy pretraining (RBM stack or layer-wise) happens once, before the first epoch of
    // fine-tuning; a resumed run restarts from fine-tuned weights and skips it.
    const report = await pretrain(model, data.train, { batchSize: config.batchSize, seed });
    if (report && options.progress !== null) {
      (options.progress ?? process.stdout).write(`Pretrained (${report.kind}): layer reconstruction errors ${report.layerErrors.map((e) => e.toPrecision(3)).join(', ')}\n`);
    }
  }
  const optimizer = new Adam({ learningRate: config.learningRate });
  return runTraining(runDir, config, model, data, optimizer, undefined, options.progress);
}

export async function readRunConfig(runDir: string): Promise<RunConfig> {
  const file = runFile(runDir, 'config');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(`${runDir}: not a run folder (no ${RUN_FILES.config})`);
  }
  try {
    return JSON.parse(text) as RunConfig;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Continues a run from its last completed epoch (the `last/` checkpoint: weights, optimizer
 * state, callback state, history). `epochs` may raise the total to train further.
 */
export async function resumeRun(runDir: string, options: { epochs?: number; progress?: TrainOptions['progress'] } = {}): Promise<RunResult> {
  const config = await readRunConfig(runDir);
  if (options.epochs !== undefined) config.epochs = options.epochs;
  let loaded;
  try {
    loaded = await loadAutoencoder(runFile(runDir, 'last'));
  } catch (error) {
    throw new Error(`${runDir}: cannot resume, no completed epoch was saved yet (${(error as Error).message}); start it again instead`);
  }
  const state = loaded.state as ResumeState | undefined;
  if (!state || !loaded.optimizerState) throw new Error(`${loaded.dir}: checkpoint has no training state or optimizer state to resume from`);
  if (state.epochsDone >= config.epochs) {
    throw new Error(`${runDir}: already trained ${state.epochsDone} of ${config.epochs} epochs; pass --epochs N with N > ${state.epochsDone} to train further`);
  }
  const data = await loadRunData(config, () => config.modelSpec.inputShape);
  const optimizer = new Adam(loaded.optimizerState.config);
  optimizer.setState(loaded.optimizerState, loaded.autoencoder.trainableVariables);
  await writeJson(runFile(runDir, 'config'), config);
  return runTraining(runDir, config, loaded.autoencoder, data, optimizer, state, options.progress);
}
