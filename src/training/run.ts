/**
 * A training run as the CLI, the library and the dashboard start it: resolve data and model,
 * train with the seed's callbacks, and keep everything in a run folder (see run-layout.ts) from
 * which `resumeRun` continues a run killed at any moment: from its last completed epoch, from
 * scratch when it died before its first save, or just to 'completed' when it died after its last.
 * One process writes a run at a time (run-lock.ts); a second one is refused before it reads data.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Autoencoder, ReconstructionLoss } from '../models/autoencoder.js';
import { buildFromSpec, buildModel, inputShapeFor } from '../models/registry.js';
import { needsPretraining, pretrain } from './pretraining/index.js';
import { loadSplit, type ImageDataset } from '../data/index.js';
import { loadAutoencoder, type LoadedAutoencoder } from '../io/model-io.js';
import { resolveAtomicFolder } from '../util/atomic.js';
import type { CsvReadOptions } from '../data/csv.js';
import { applyScaling, fitScaling, type FittedScaling, type ScalingKind } from '../data/scaling.js';
import { backendInfo } from '../backend/select.js';
import { VERSION } from '../util/version.js';
import { Adam } from '../optimizers/adam.js';
import { fit } from './node-fit.js';
import type { History } from './trainer.js';
import { datasetSamples, onlyClass, resolveClass, sampleSize, splitTail, type ClassRef, type SampleSet } from '../data/samples.js';
import { RUN_FILES, runFile, type RunStatus } from './run-layout.js';
import { writeReconstructionPng } from './reconstruction-preview.js';
import { acquireRunLock, type RunLock } from './run-lock.js';
import { readRunStatus } from './run-status.js';
import { RunRecorder, writeJson, type ResumeState } from './run-recorder.js';
import { checkRunFolderFree, claimRunFolder, clearRunOutputs, rewriteMetricsFiles, sweepRunFolder } from './run-recovery.js';
import { trackActiveRun } from './active-runs.js';
import { checkDataRange } from './data-range.js';
import { checkRunConfigFields } from './run-config-check.js';
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
  /** How a .csv dataset is read (header, label column, feature columns, missing values). */
  csv?: CsvReadOptions;
  /** Train and validate on the samples of this class only (one-class training for anomaly detection): its label number, or its name (a CSV's text label). */
  normalClass?: ClassRef;
  /** Feature scaling fitted on the training data and saved in the model's spec (default 'none'). */
  scale?: ScalingKind;
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
  /** Where warnings about the data go (values the model cannot reconstruct); default stderr. */
  warn?: (message: string) => void;
}

/** What config.json holds: the options with every default filled in, plus what was resolved. */
export interface RunConfig extends Required<Omit<TrainOptions, 'progress' | 'warn' | 'dataDir' | 'limit' | 'imageSize' | 'name' | 'modelOptions' | 'loss' | 'csv' | 'normalClass' | 'scale'>> {
  csv?: CsvReadOptions;
  /** The normal class's label number (a name given to train is saved as its number). */
  normalClass?: number;
  /** The scaling asked for (runs made before it existed, and imported ones, have none: 'none'); its fitted numbers are in modelSpec.inputScaling. */
  scale?: ScalingKind;
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

/** A run whose loss became NaN or infinite: it ends 'failed', its last good epoch kept in last/. */
export class TrainingDivergedError extends Error {
  override name = 'TrainingDivergedError';
}

export const SEED_DEFAULTS = { batchSize: 128, learningRate: 1e-3, patience: 8, reduceLr: { factor: 0.2, patience: 4, minLr: 1e-6 } } as const;

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

type DataConfig = Pick<RunConfig, 'dataset' | 'dataDir' | 'limit' | 'imageSize' | 'download' | 'validation' | 'csv'> & { normalClass?: ClassRef };

/**
 * How the run read its CSV, as config.json keeps it so new data is read alike: with missing 'mean',
 * the training file's means (scikit-learn's SimpleImputer: fit on train, transform new data); with
 * a header, the feature columns' names, so new data is matched by name (feature_names_in_).
 */
function csvReadingToKeep(given: CsvReadOptions | undefined, dataset: ImageDataset): CsvReadOptions | undefined {
  const fillMeans = given?.missing === 'mean' && !given.fillMeans ? dataset.columnMeans : undefined;
  const featureNames = given?.featureNames ? undefined : dataset.featureNames;
  const csv: CsvReadOptions = { ...given, ...(fillMeans ? { fillMeans } : {}), ...(featureNames ? { featureNames } : {}) };
  return Object.keys(csv).length > 0 ? csv : undefined;
}

/** The class's samples when a normal class is set (training and validation alike). */
function normalOnly(set: SampleSet, normalClass: number | undefined): SampleSet {
  return normalClass === undefined ? set : onlyClass(set, normalClass);
}

/**
 * Training and validation samples; `scaling` is a kind to fit on the training part (a new run)
 * or the fitted scaling to apply again (a resumed one).
 */
async function loadRunData(config: DataConfig, inputShape: (imageShape: [number, number, number]) => number[], scaling: ScalingKind | FittedScaling): Promise<RunData & { inputShape: number[]; inputScaling?: FittedScaling; normalClass?: number }> {
  const trainData = await loadSplit(config, 'train');
  const shape = inputShape(trainData.shape);
  const normalClass = config.normalClass === undefined ? undefined : resolveClass(config.normalClass, trainData);
  let train = normalOnly(datasetSamples(trainData, shape), normalClass);
  let validation: SampleSet;
  if (config.validation === 'test') {
    validation = normalOnly(datasetSamples(await loadSplit(config, 'test'), shape), normalClass);
  } else {
    ({ train, validation } = splitTail(train, config.validation));
  }
  const fitted = typeof scaling === 'string' ? fitScaling(scaling, train.data, train.count, sampleSize(shape)) : scaling;
  if (fitted) {
    train = { ...train, data: applyScaling(fitted, train.data) };
    validation = { ...validation, data: applyScaling(fitted, validation.data) };
  }
  return { train, validation, preview: validation, dataset: trainData, inputShape: shape, ...(fitted ? { inputScaling: fitted } : {}), ...(normalClass !== undefined ? { normalClass } : {}) };
}

function buildCallbacks(runDir: string, config: RunConfig, progress: TrainOptions['progress'], nanGuard: TerminateOnNaN, recorder: Callback): CallbackList {
  const callbacks: Callback[] = [nanGuard];
  if (progress !== null) callbacks.push(new ProgressBar(progress ? { stream: progress } : {}));
  // Appends to metrics.csv as rewritten from the checkpoint (rewriteMetricsFiles), or starts it.
  callbacks.push(new CSVLogger({ filename: runFile(runDir, 'metricsCsv'), append: true }));
  callbacks.push(new TensorBoard({ logDir: runFile(runDir, 'tensorboard') }));
  callbacks.push(new ModelCheckpoint({ filepath: runFile(runDir, 'best'), monitor: 'val_loss', saveBestOnly: true }));
  if (config.reduceLr) callbacks.push(new ReduceLROnPlateau({ monitor: 'val_loss', ...config.reduceLr }));
  if (config.patience > 0) callbacks.push(new EarlyStopping({ monitor: 'val_loss', patience: config.patience }));
  // Last, so it sees this epoch's decisions (EarlyStopping's stop) and saves them with the epoch.
  callbacks.push(recorder);
  return new CallbackList(callbacks);
}

async function runTraining(runDir: string, lock: RunLock, config: RunConfig, model: Autoencoder, data: RunData, optimizer: Adam, resume: ResumeState | undefined, progress: TrainOptions['progress']): Promise<RunResult> {
  const history: History = resume?.history ?? { epoch: [], metrics: {} };
  const nanGuard = new TerminateOnNaN();
  const recorder = new RunRecorder(runDir, config, optimizer, data.preview, { epoch: [...history.epoch], metrics: structuredClone(history.metrics) }, nanGuard);
  const callbacks = buildCallbacks(runDir, config, progress, nanGuard, recorder);
  recorder.callbacks = callbacks;
  if (resume) callbacks.setState(resume.callbacks);
  const untrack = trackActiveRun(recorder, lock);
  try {
    await recorder.writeStatus('running');
    let result: History;
    try {
      result = await fit(model, data.train, {
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
    } catch (error) {
      await recorder.writeStatus('failed', { error: (error as Error).message }).catch(() => undefined);
      throw error;
    }
    if (nanGuard.failure) {
      // The NaN epoch's row went to metrics.csv before the run knew; keep the folder at the last good epoch.
      await rewriteMetricsFiles(runDir, recorder.history);
      await recorder.writeStatus('failed', { error: nanGuard.failure });
      throw new TrainingDivergedError(`run ${runDir} failed: ${nanGuard.failure}`);
    }
    return await completeRun(runDir, lock, config, model, data, recorder, result.stopReason);
  } finally {
    untrack();
    optimizer.dispose();  // made for this run by its callers; its moments are saved with the run
  }
}

/**
 * The end of a run: the final preview, then status 'completed'. The lock goes first: a process
 * killed between the two leaves a run that reads 'killed' and completes on resume, where the
 * other order would leave a completed run holding a stale lock that nothing ever clears.
 */
async function completeRun(runDir: string, lock: RunLock, config: RunConfig, model: Autoencoder, data: RunData, recorder: RunRecorder, stopReason: string | undefined): Promise<RunResult> {
  try {
    await writeReconstructionPng(runFile(runDir, 'reconstructions'), model, data.preview, config.imageShape, `${config.model}: test originals (top) and reconstructions`);
    await lock.release();
    const status = await recorder.writeStatus('completed', stopReason ? { stopReason } : {});
    return { runDir, autoencoder: model, history: { ...recorder.history, ...(stopReason ? { stopReason } : {}) }, status };
  } catch (error) {
    await recorder.writeStatus('failed', { error: (error as Error).message }).catch(() => undefined);
    throw error;
  }
}

/** Greedy pretraining (if the model has it), a fresh optimizer, then every epoch: a run from its start. */
async function trainFromStart(runDir: string, lock: RunLock, config: RunConfig, model: Autoencoder, data: RunData, progress: TrainOptions['progress']): Promise<RunResult> {
  if (needsPretraining(model)) {
    // Greedy pretraining (RBM stack or layer-wise) happens once, before the first epoch of
    // fine-tuning; a resumed run restarts from fine-tuned weights and skips it.
    const report = await pretrain(model, data.train, { batchSize: config.batchSize, seed: config.seed });
    if (report && progress !== null) {
      (progress ?? process.stdout).write(`Pretrained (${report.kind}): layer reconstruction errors ${report.layerErrors.map((e) => e.toPrecision(3)).join(', ')}\n`);
    }
  }
  const optimizer = new Adam({ learningRate: config.learningRate });
  return runTraining(runDir, lock, config, model, data, optimizer, undefined, progress);
}

/** Trains a model by name on a dataset, in a new run folder. */
export async function train(options: TrainOptions): Promise<RunResult> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const validation = options.validation ?? 'test';
  const runsDir = options.runsDir ?? 'runs';
  const runDir = path.resolve(runsDir, options.name ?? defaultRunName(options.model, options.dataset));
  // Refused at once, before reading any data: a taken folder is never touched.
  await checkRunFolderFree(runDir);
  const dataConfig = {
    dataset: options.dataset,
    download: options.download ?? true,
    validation,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.limit ? { limit: options.limit } : {}),
    ...(options.imageSize ? { imageSize: options.imageSize } : {}),
    ...(options.csv ? { csv: options.csv } : {}),
  };
  const scale = options.scale ?? 'none';
  const data = await loadRunData({ ...dataConfig, ...(options.normalClass !== undefined ? { normalClass: options.normalClass } : {}) }, (imageShape) => inputShapeFor(options.model, imageShape, options.modelOptions), scale);
  const model = buildModel(options.model, {
    inputShape: data.inputShape,
    seed,
    ...(options.loss ? { loss: options.loss } : {}),
    ...(options.modelOptions ? { options: options.modelOptions } : {}),
    ...(data.inputScaling ? { inputScaling: data.inputScaling } : {}),
  });
  // On the data as the model sees it (after --scale).
  const warning = checkDataRange(data.train.data, data.dataset.source, model);
  if (warning) (options.warn ?? ((message) => process.stderr.write(`warning: ${message}\n`)))(warning);
  const csv = csvReadingToKeep(options.csv, data.dataset);
  const lock = await claimRunFolder(runDir);
  try {
    const config: RunConfig = {
      model: options.model,
      modelSpec: model.spec,
      ...dataConfig,
      ...(csv ? { csv } : {}),
      ...(data.normalClass !== undefined ? { normalClass: data.normalClass } : {}),
      scale,
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
    return await trainFromStart(runDir, lock, config, model, data, options.progress);
  } finally {
    await lock.release();
  }
}

/** A run folder's config.json, or an error naming the folder. */
export async function readRunConfig(runDir: string): Promise<RunConfig> {
  const file = runFile(runDir, 'config');
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    throw new Error(`${runDir}: not a run folder (no ${RUN_FILES.config})`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new Error(`${file}: expected a JSON object with the run's settings, found ${config === null ? 'null' : typeof config}`);
  return config as RunConfig;
}

/** The checkpoint in last/ (or its '.previous' copy), or undefined when no epoch was saved yet. */
async function readCheckpoint(runDir: string): Promise<(LoadedAutoencoder & { resume: ResumeState }) | undefined> {
  if (!(await resolveAtomicFolder(runFile(runDir, 'last')))) return undefined;
  const loaded = await loadAutoencoder(runFile(runDir, 'last'));
  const state = loaded.state as ResumeState | undefined;
  if (!state || !loaded.optimizerState) throw new Error(`${loaded.dir}: checkpoint has no training state or optimizer state to resume from`);
  return { ...loaded, resume: state };
}

/**
 * Continues a run, whatever moment it was interrupted at: from its last completed epoch (the
 * `last/` checkpoint: weights, optimizer state, callback state, history); from scratch with its
 * config when it died before its first save; or straight to 'completed' when it died after its
 * last. `epochs` may raise the total to train further. Refused while another process trains it.
 */
export async function resumeRun(runDir: string, options: { epochs?: number; progress?: TrainOptions['progress'] } = {}): Promise<RunResult> {
  // Every field a resume relies on, checked before the lock is taken or any data read.
  checkRunConfigFields({ ...(await readRunConfig(runDir)) }, runFile(runDir, 'config'));
  const lock = await acquireRunLock(runDir);
  try {
    await sweepRunFolder(runDir);
    const config = await readRunConfig(runDir);
    if (options.epochs !== undefined) config.epochs = options.epochs;
    const checkpoint = await readCheckpoint(runDir);
    if (!checkpoint) {
      // Killed before its first save: nothing to continue from, so the same run from its start.
      await clearRunOutputs(runDir);
      // The scaling fitted when the run started is applied again, not fitted anew.
      const data = await loadRunData(config, () => config.modelSpec.inputShape, config.modelSpec.inputScaling ?? 'none');
      await writeJson(runFile(runDir, 'config'), config);
      return await trainFromStart(runDir, lock, config, buildFromSpec(config.modelSpec, config.seed), data, options.progress);
    }
    const state = checkpoint.resume;
    const finished = state.epochsDone >= config.epochs || (state.stopReason !== undefined && options.epochs === undefined);
    const status = await readRunStatus(runDir);
    if (finished && status?.state === 'completed') {
      throw new Error(`${runDir}: already completed (${state.epochsDone} of ${config.epochs} epochs${state.stopReason ? `, ${state.stopReason}` : ''}); pass --epochs N with N > ${state.epochsDone} to train further`);
    }
    await rewriteMetricsFiles(runDir, state.history);
    // The scaling fitted when the run started is applied again, not fitted anew.
    const data = await loadRunData(config, () => config.modelSpec.inputShape, config.modelSpec.inputScaling ?? 'none');
    await writeJson(runFile(runDir, 'config'), config);
    if (finished) {
      // Killed after its last save, before it said so: only the ending is left to do.
      const recorder = new RunRecorder(runDir, config, new Adam(checkpoint.optimizerState!.config), data.preview, state.history, new TerminateOnNaN());
      return await completeRun(runDir, lock, config, checkpoint.autoencoder, data, recorder, state.stopReason);
    }
    const optimizer = new Adam(checkpoint.optimizerState!.config);
    optimizer.setState(checkpoint.optimizerState!, checkpoint.autoencoder.trainableVariables);
    return await runTraining(runDir, lock, config, checkpoint.autoencoder, data, optimizer, state, options.progress);
  } finally {
    await lock.release();
  }
}
