/**
 * The one training loop. Every autoencoder variant trains here: the model supplies its loss terms
 * (`computeLoss`), the trainer batches, differentiates, applies Adam, validates and drives the
 * callbacks with Keras semantics (epochs counted from 0, logs 'loss', 'val_loss', 'lr', plus each
 * extra loss term and its 'val_' twin).
 */
import * as tf from '@tensorflow/tfjs-core';
// Autodiff needs every op's gradient registered: tfjs-core's Node bundle registers none, tfjs-layers' does.
import '@tensorflow/tfjs-layers';
import type { Autoencoder, StepContext } from '../models/autoencoder.js';
import { Random } from '../util/random.js';
import { Adam } from '../optimizers/adam.js';
import type { Callback, Logs, TrainingControl } from './callbacks/callback.js';
import { CallbackList } from './callbacks/callback-list.js';
import { gatherBatch, mapBatches, splitTail, type SampleSet } from '../data/samples.js';
import { saveAutoencoder } from '../io/model-handlers.js';

export interface FitOptions {
  epochs: number;
  batchSize?: number;
  shuffle?: boolean;
  learningRate?: number;
  validationData?: SampleSet;
  /** Fraction of the training samples (the tail, as in Keras) held out for validation. */
  validationSplit?: number;
  callbacks?: Callback[] | CallbackList;
  /** Seed for shuffling, noise and sampling; each epoch draws from its own (seed, epoch) stream. */
  seed?: number;
  /** Epoch to start from (a resumed run continues after its last completed epoch). */
  initialEpoch?: number;
  optimizer?: Adam;
  /** Previous epochs' metrics, when resuming. */
  history?: History;
  /**
   * How `control.saveModel` (ModelCheckpoint) saves; by default to a tf.io store URL
   * ('indexeddb://best'). aekit's Node entry wraps `fit` so that folders work too (node-fit.ts).
   */
  saveModel?: (dir: string, optimizer: Adam) => Promise<void>;
}

export interface History {
  epoch: number[];
  metrics: Record<string, number[]>;
  stopReason?: string;
}

function meanLogs(sums: Record<string, number>, count: number, prefix = ''): Logs {
  const out: Logs = {};
  for (const [key, sum] of Object.entries(sums)) out[prefix + key] = sum / count;
  return out;
}

/** One optimisation step; returns the batch's loss terms as numbers. */
function trainStep(model: Autoencoder, optimizer: Adam, batch: tf.Tensor, context: StepContext): Record<string, number> {
  const variables = model.trainableVariables;
  const extra: Record<string, tf.Scalar> = {};
  const { value, grads } = tf.variableGrads(() => {
    const terms = model.computeLoss(batch, context);
    for (const [name, term] of Object.entries(terms)) if (name !== 'loss') extra[name] = tf.keep(term);
    return terms.loss;
  }, variables);
  optimizer.apply(variables, variables.map((v) => grads[v.name]!));
  const out: Record<string, number> = { loss: value.dataSync()[0]! };
  for (const [name, term] of Object.entries(extra)) out[name] = term.dataSync()[0]!;
  tf.dispose([value, ...Object.values(grads), ...Object.values(extra)]);
  return out;
}

/** Mean loss terms over a sample set, in inference mode. */
export async function evaluateLoss(model: Autoencoder, set: SampleSet, batchSize: number, seed = 0): Promise<Logs> {
  const random = Random.derive(seed, 0xe7a1);
  const sums: Record<string, number> = {};
  await mapBatches(set, batchSize, (batch) => {
    const values = tf.tidy(() => {
      const terms = model.computeLoss(batch, { training: false, random });
      return Object.fromEntries(Object.entries(terms).map(([k, t]) => [k, t.dataSync()[0]!]));
    });
    const n = batch.shape[0]!;
    for (const [k, v] of Object.entries(values)) sums[k] = (sums[k] ?? 0) + v * n;
  });
  return meanLogs(sums, set.count);
}

/**
 * Trains `model` on `trainData` with Adam: shuffled batches, the model's own loss terms, validation and
 * callbacks after every epoch. Returns the per-epoch history (loss, val_loss, lr, extra terms).
 *
 * @example
 * const history = await fit(autoencoder, datasetSamples(train, autoencoder.inputShape), { epochs: 5, batchSize: 128, seed: 1 });
 * console.log(history.metrics.loss.at(-1));
 */
export async function fit(model: Autoencoder, trainData: SampleSet, options: FitOptions): Promise<History> {
  const batchSize = options.batchSize ?? 128;
  if (!Number.isInteger(options.epochs) || options.epochs < 1) throw new Error(`epochs must be a whole number >= 1, got ${options.epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batch size must be a whole number >= 1, got ${batchSize}`);
  let train = trainData;
  let validation = options.validationData;
  if (!validation && options.validationSplit) ({ train, validation } = splitTail(trainData, options.validationSplit));
  const expected = model.inputShape.join('x');
  for (const [what, set] of [['training data', train], ['validation data', validation]] as const) {
    if (set && set.sampleShape.join('x') !== expected) {
      throw new Error(`${what}: samples have shape [${set.sampleShape.join(', ')}], model '${model.name}' expects [${model.inputShape.join(', ')}]`);
    }
  }

  // An optimizer of fit's own is disposed when fit ends (its moments would otherwise outlive it,
  // two weight-sized tensors per weight, every call); a caller's goes on with its state.
  const ownOptimizer = options.optimizer === undefined;
  const optimizer = options.optimizer ?? new Adam({ learningRate: options.learningRate ?? 1e-3 });
  try {
    return await trainEpochs(model, train, validation, batchSize, optimizer, options);
  } finally {
    if (ownOptimizer) optimizer.dispose();
  }
}

/** fit's epochs: batches, validation and callbacks, with the optimizer fit was given or made. */
async function trainEpochs(model: Autoencoder, train: SampleSet, validation: SampleSet | undefined, batchSize: number,
  optimizer: Adam, options: FitOptions): Promise<History> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const callbacks = options.callbacks instanceof CallbackList ? options.callbacks : new CallbackList(options.callbacks ?? []);
  const history: History = options.history
    ? { epoch: [...options.history.epoch], metrics: Object.fromEntries(Object.entries(options.history.metrics).map(([k, v]) => [k, [...v]])) }
    : { epoch: [], metrics: {} };
  const stepsPerEpoch = Math.ceil(train.count / batchSize);
  const control: TrainingControl = {
    model,
    stopTraining: false,
    epochs: options.epochs,
    stepsPerEpoch,
    samplesPerEpoch: train.count,
    get learningRate() {
      return optimizer.learningRate;
    },
    set learningRate(value: number) {
      optimizer.learningRate = value;
    },
    saveModel: async (dir) => {
      if (options.saveModel) await options.saveModel(dir, optimizer);
      else await saveAutoencoder(model, dir);
    },
  };

  await callbacks.onTrainBegin(control);
  let lastLogs: Logs = {};
  for (let epoch = options.initialEpoch ?? 0; epoch < options.epochs && !control.stopTraining; epoch++) {
    await callbacks.onEpochBegin(epoch, control);
    const random = Random.derive(seed, epoch);
    const order = options.shuffle === false ? null : random.permutation(train.count);
    const sums: Record<string, number> = {};
    for (let step = 0; step < stepsPerEpoch; step++) {
      const start = step * batchSize;
      const end = Math.min(train.count, start + batchSize);
      const batch = gatherBatch(train, order, start, end);
      const terms = trainStep(model, optimizer, batch, { training: true, random });
      batch.dispose();
      for (const [k, v] of Object.entries(terms)) sums[k] = (sums[k] ?? 0) + v * (end - start);
      await callbacks.onBatchEnd(step, { ...terms, size: end - start }, control);
      if (control.stopTraining) break;
    }
    const logs: Logs = { ...meanLogs(sums, train.count) };
    if (validation) Object.assign(logs, meanLogs(await evaluateLoss(model, validation, batchSize, seed), 1, 'val_'));
    logs['lr'] = optimizer.learningRate;
    history.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) (history.metrics[k] ??= []).push(v);
    lastLogs = logs;
    await callbacks.onEpochEnd(epoch, logs, control);
  }
  await callbacks.onTrainEnd(lastLogs, control);
  if (control.stopReason) history.stopReason = control.stopReason;
  return history;
}
