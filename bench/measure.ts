/**
 * Speed of one model on the active engine, measured the way a user meets it: training is the
 * trainer's own `fit` over an epoch of N batches (batching, shuffling and loss read-back
 * included); inference is `mapBatches` + `reconstructBatch` with the values read back into an
 * array of the caller's (readInto, as models/inference.ts does). Warm-up is excluded and every
 * repetition is reported (the driver takes the median).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Autoencoder } from '../src/models/autoencoder.js';
import { buildModel } from '../src/models/registry.js';
import { Adam } from '../src/optimizers/adam.js';
import { fit } from '../src/training/trainer.js';
import { readInto } from '../src/backend/read-values.js';
import { asSamples, gatherBatch, mapBatches, sampleSize, type SampleSet } from '../src/data/samples.js';
import { reconstructAll } from '../src/models/inference.js';
import { mean, perSampleErrors } from '../src/evaluation/per-sample.js';
import { Random } from '../src/util/random.js';
import { median } from './stats.js';
import { noTurns, type AwaitTurn } from './turns.js';
import type { ModelOutcome, PhaseBreakdown, SpeedPlan } from './types.js';

export const BATCH_SIZE = 128;
/**
 * Untimed warm-up, the same on both sides (torch_ref.py): training batches and inference batches
 * until WARMUP_BATCHES of each, or WARMUP_SECONDS of each when that comes first (the cpu engine
 * and wasm's larger models; the table's "batches trained" shows the count).
 *
 * aekit's JavaScript (its trainer, tfjs's engine) runs slower until V8's optimising compiler has
 * seen it for a few hundred batches. dense, 12 repetitions of 100 batches after a 10-batch
 * warm-up, two processes: 64,500 samples/s in the first, 72,700-84,400 in the next two, 86,400
 * to 148,500 from the fourth on; in a third run V8 optimised 32, 28, 12, 12, then <= 20 more
 * functions per repetition (node --trace-opt). With 10 batches, the first timed repetitions
 * caught that climb; PyTorch has no such phase.
 *
 * Inference also pays a one-off: arrays read back to JavaScript are freed only by V8's GC, so
 * until its first GCs a process takes fresh memory for each batch's result (dense, 80 batches of
 * 128 read back, page-faulted 5,600-12,900 times in the first pass, 190-4,600 in the second and
 * 0-500 in later ones, over six processes).
 */
export const WARMUP_BATCHES = 300;
export const WARMUP_SECONDS = 15;
/** Training batches per warm-up epoch, each on the next window of the images. */
const WARMUP_WINDOW = 20;
const BREAKDOWN_BATCHES = 3;

/** MNIST pixels in [0, 1], 784 per image. */
export interface Pixels {
  images: Float32Array;
  count: number;
}

/** The first `count` images as samples of the model's input shape. */
export function firstSamples(pixels: Pixels, count: number, model: Autoencoder): SampleSet {
  const n = Math.min(count, pixels.count);
  const size = sampleSize(model.inputShape);
  return asSamples(pixels.images.subarray(0, n * size), n, model.inputShape);
}

async function seconds(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return (performance.now() - start) / 1000;
}

export async function testMse(model: Autoencoder, test: SampleSet): Promise<number> {
  const reconstruction = await reconstructAll(model, test, BATCH_SIZE);
  return mean(perSampleErrors(test.data, reconstruction, test.count, 'mse'));
}

/**
 * Values read back as aekit's batch inference reads them (models/inference.ts: readInto, a copy
 * into the caller's array), into one batch-sized array: not dataSync, which gives the native
 * engine the tensor's own array but the wasm-simd engine a fresh copy out of its memory (dense:
 * 0.13-0.21 ms of a 0.6 ms batch against 0.013-0.017 ms copied into one array).
 */
async function inferAll(model: Autoencoder, set: SampleSet): Promise<void> {
  const out = new Float32Array(BATCH_SIZE * (set.data.length / set.count));
  await mapBatches(set, BATCH_SIZE, (batch) => {
    const reconstruction = tf.tidy(() => model.reconstructBatch(batch, false));
    readInto(reconstruction, out);
    reconstruction.dispose();
  });
}

/**
 * Where a training step's time goes: the forward pass with its loss, the backward pass, and the
 * Adam update, each timed on its own (the engines run kernels synchronously, and every phase
 * ends by reading values back, so no work spills into the next phase).
 */
export function phaseBreakdown(model: Autoencoder, optimizer: Adam, set: SampleSet): PhaseBreakdown {
  const random = new Random(3);
  const phases: Record<keyof PhaseBreakdown, number[]> = { forwardMs: [], backwardMs: [], updateMs: [] };
  const variables = model.trainableVariables;
  for (let i = 0; i < BREAKDOWN_BATCHES; i++) {
    const batch = gatherBatch(set, null, 0, Math.min(BATCH_SIZE, set.count));
    const loss = () => model.computeLoss(batch, { training: true, random }).loss;
    let t = performance.now();
    tf.tidy(() => loss().dataSync());
    const forward = performance.now() - t;
    t = performance.now();
    const { value, grads } = tf.variableGrads(loss, variables);
    for (const g of Object.values(grads)) g.dataSync();
    const forwardBackward = performance.now() - t;
    t = performance.now();
    optimizer.apply(variables, variables.map((v) => grads[v.name]!));
    variables[variables.length - 1]!.dataSync();
    phases.updateMs.push(performance.now() - t);
    phases.forwardMs.push(forward);
    phases.backwardMs.push(Math.max(0, forwardBackward - forward));
    tf.dispose([batch, value, ...Object.values(grads)]);
  }
  return { forwardMs: median(phases.forwardMs), backwardMs: median(phases.backwardMs), updateMs: median(phases.updateMs) };
}

/**
 * Trains on successive WARMUP_WINDOW-batch windows of the training images (after the probe
 * batch) until WARMUP_BATCHES batches or WARMUP_SECONDS; returns the batches trained, probe
 * included.
 */
async function warmUpTraining(train: Pixels, model: Autoencoder, fitOn: (set: SampleSet, seed: number) => Promise<unknown>): Promise<number> {
  const size = sampleSize(model.inputShape);
  const start = performance.now();
  let batches = 1;
  for (let chunk = 0; batches < WARMUP_BATCHES && performance.now() - start < WARMUP_SECONDS * 1000; chunk++) {
    // Never more than the loaded images hold (a short --batches loads fewer than a window).
    const count = Math.max(1, Math.min(WARMUP_WINDOW, WARMUP_BATCHES - batches, Math.floor(train.count / BATCH_SIZE))) * BATCH_SIZE;
    const first = ((1 + chunk * WARMUP_WINDOW) * BATCH_SIZE) % Math.max(1, train.count - count);
    await fitOn(asSamples(train.images.subarray(first * size, (first + count) * size), count, model.inputShape), 2 + chunk);
    batches += count / BATCH_SIZE;
  }
  return batches;
}

/** Passes over the inference set (of `batches` batches) until WARMUP_BATCHES batches or WARMUP_SECONDS. */
async function warmUpInference(pass: () => Promise<void>, batches: number): Promise<void> {
  const start = performance.now();
  for (let done = 0; done < WARMUP_BATCHES && performance.now() - start < WARMUP_SECONDS * 1000; done += batches) await pass();
}

/**
 * `turn` is awaited before each part that must not overlap another engine's (bench/turns.ts):
 * the warm-up, each repetition, and the test MSE with the step breakdown.
 */
export async function measureSpeed(name: string, train: Pixels, test: Pixels, plan: SpeedPlan, log: (line: string) => void, turn: AwaitTurn = noTurns): Promise<ModelOutcome> {
  await turn(`${name} warm-up`);
  const model = buildModel(name, { seed: 1 });
  const optimizer = new Adam({ learningRate: 1e-3 });
  const fitOn = (set: SampleSet, seed: number) => fit(model, set, { epochs: 1, batchSize: BATCH_SIZE, optimizer, seed });
  const params = model.model.countParams();

  // Warm-up (not timed in the results); its first batch also predicts the cost of the timed part.
  const probe = await seconds(() => fitOn(firstSamples(train, BATCH_SIZE, model), 1));
  const probeRate = BATCH_SIZE / probe;
  const predicted = (plan.reps * plan.batches * BATCH_SIZE) / probeRate;
  if (predicted > plan.budgetSeconds) {
    const skipped = `skipped (too slow: ~${probeRate < 10 ? probeRate.toFixed(1) : Math.round(probeRate)} samples/s measured on 1 batch, ` +
      `${plan.reps}x${plan.batches} batches would take ~${Math.round(predicted)} s > budget ${plan.budgetSeconds} s)`;
    log(`${name}: ${skipped}`);
    model.model.dispose();
    return { model: name, skipped };
  }
  const warmupBatches = await warmUpTraining(train, model, fitOn);
  const inferSet = firstSamples(train, plan.inferBatches * BATCH_SIZE, model);
  await warmUpInference(() => inferAll(model, inferSet), plan.inferBatches);

  const timedSet = firstSamples(train, plan.batches * BATCH_SIZE, model);
  const trainSamplesPerSec: number[] = [];
  const inferSamplesPerSec: number[] = [];
  for (let rep = 0; rep < plan.reps; rep++) {
    await turn(`${name} rep ${rep + 1}`);
    trainSamplesPerSec.push(timedSet.count / (await seconds(() => fitOn(timedSet, 10 + rep))));
    inferSamplesPerSec.push(inferSet.count / (await seconds(() => inferAll(model, inferSet))));
    log(`${name} rep ${rep + 1}/${plan.reps}: train ${trainSamplesPerSec[rep]!.toFixed(0)}/s, infer ${inferSamplesPerSec[rep]!.toFixed(0)}/s`);
  }
  await turn(`${name} test MSE and breakdown`);
  const mse = await testMse(model, firstSamples(test, test.count, model));
  const breakdown = phaseBreakdown(model, optimizer, timedSet);
  return {
    model: name,
    params,
    batchSize: BATCH_SIZE,
    batchesTrained: warmupBatches + plan.reps * plan.batches,
    trainSamplesPerSec,
    inferSamplesPerSec,
    testMse: mse,
    breakdown,
  };
}
