/**
 * Run folders left at awkward moments (as a killed process leaves them) and how a second process,
 * `train` and `resumeRun` meet them. Tiny data written at test time; every resumed run is compared
 * with an uninterrupted one of the same seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resumeRun, train, TrainingDivergedError, type TrainOptions } from './run.js';
import { acquireRunLock, lockFile, RunBusyError } from './run-lock.js';
import { readRunStatus } from './run-status.js';
import { writeTinyNpy } from '../../testing/support/tiny-data.js';
import { encodeNpy } from '../data/npy.js';
import { loadAutoencoder } from '../io/model-io.js';
import * as tf from '@tensorflow/tfjs-core';

const base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-run-'));
const runsDir = path.join(base, 'runs');
const dataset = await writeTinyNpy(base);

function options(name: string, epochs = 3): TrainOptions {
  return { model: 'dense', modelOptions: { codeSize: 4 }, dataset, epochs, batchSize: 16, seed: 3, runsDir, name, progress: null };
}

/** Every file under a folder with its content hash, for 'nothing changed' checks. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = createHash('sha256').update(await fs.readFile(file)).digest('hex');
  }
  return out;
}

const read = (file: string) => fs.readFile(file, 'utf8');

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

async function writeStaleLock(runDir: string): Promise<void> {
  await fs.writeFile(lockFile(runDir), JSON.stringify({ pid: deadPid(), startTime: '1', host: os.hostname(), since: 'then' }));
}

/** Leftovers of writes a SIGKILL interrupted: a temporary model folder and a temporary status file. */
async function writeLeftovers(runDir: string): Promise<void> {
  await fs.mkdir(path.join(runDir, '.last.tmp-1-2'), { recursive: true });
  await fs.writeFile(path.join(runDir, '.last.tmp-1-2', 'weights.bin'), 'partial');
  await fs.writeFile(path.join(runDir, '.status.json.tmp-1-3'), '{"sta');
}

async function assertLikeStraight(runDir: string, why: string): Promise<void> {
  const straight = path.join(runsDir, 'straight');
  assert.deepEqual(JSON.parse(await read(path.join(runDir, 'metrics.json'))), JSON.parse(await read(path.join(straight, 'metrics.json'))), `${why}: metrics.json`);
  assert.equal(await read(path.join(runDir, 'metrics.csv')), await read(path.join(straight, 'metrics.csv')), `${why}: metrics.csv`);
  const weights = await Promise.all([runDir, straight].map((dir) => fs.readFile(path.join(dir, 'last', 'weights.bin'))));
  assert.ok(weights[0]!.equals(weights[1]!), `${why}: last/weights.bin differs from the uninterrupted run's`);
  assert.equal((await readRunStatus(runDir))?.state, 'completed', why);
  const left = (await fs.readdir(runDir, { recursive: true })).filter((name) => /\.tmp-|\.previous|run\.lock/.test(name));
  assert.deepEqual(left, [], `${why}: leftovers`);
  await loadAutoencoder(path.join(runDir, 'best'));
}

const straight = await train(options('straight'));

test('the uninterrupted run is complete: three epochs, one CSV row each, no lock left', async () => {
  assert.equal(straight.status.state, 'completed');
  assert.equal(straight.history.epoch.length, 3);
  assert.equal((await read(path.join(runsDir, 'straight', 'metrics.csv'))).trim().split('\n').length, 4);
  assert.equal(existsSync(lockFile(path.join(runsDir, 'straight'))), false);
});

test('a second train into a live run, or a resume of it, is refused naming the pid, and changes nothing', async () => {
  const runDir = path.join(runsDir, 'straight');
  const lock = await acquireRunLock(runDir);
  try {
    const before = await snapshot(runDir);
    const busy = (error: unknown) => error instanceof RunBusyError && error.message.startsWith(`run ${runDir} is training (pid ${process.pid}`);
    await assert.rejects(train(options('straight')), busy);
    await assert.rejects(resumeRun(runDir, { epochs: 5, progress: null }), busy);
    assert.deepEqual(await snapshot(runDir), before);
  } finally {
    await lock.release();
  }
  await assert.rejects(train(options('straight')), /run folder .*straight already exists: choose another --name, or continue it with --resume/);
});

test('a run killed before its first save resumes from scratch with its config, to the uninterrupted result', async () => {
  const runDir = path.join(runsDir, 'before-first-save');
  await fs.mkdir(runDir, { recursive: true });
  await fs.copyFile(path.join(runsDir, 'straight', 'config.json'), path.join(runDir, 'config.json'));
  await fs.writeFile(path.join(runDir, 'status.json'), JSON.stringify({ state: 'running', epochsDone: 0, epochs: 3, updatedAt: 'then', pid: 1 }));
  await fs.writeFile(path.join(runDir, 'metrics.csv'), 'epoch,loss\n0,0.5\n');
  await writeStaleLock(runDir);
  await writeLeftovers(runDir);
  assert.equal((await readRunStatus(runDir))?.state, 'killed');
  await resumeRun(runDir, { progress: null });
  await assertLikeStraight(runDir, 'from scratch');
});

test('a folder left by a start killed before it wrote config.json does not block its name', async () => {
  const runDir = path.join(runsDir, 'empty-start');
  await fs.mkdir(runDir, { recursive: true });
  await writeStaleLock(runDir);
  await writeLeftovers(runDir);
  await train(options('empty-start'));
  await assertLikeStraight(runDir, 'reused folder');
});

test('a run killed after its last save, before it said so, completes on resume without training again', async () => {
  const runDir = path.join(runsDir, 'after-last-save');
  await fs.cp(path.join(runsDir, 'straight'), runDir, { recursive: true });
  const status = JSON.parse(await read(path.join(runDir, 'status.json'))) as Record<string, unknown>;
  await fs.writeFile(path.join(runDir, 'status.json'), JSON.stringify({ ...status, state: 'running', pid: deadPid() }));
  await writeStaleLock(runDir);
  const lastBefore = await snapshot(path.join(runDir, 'last'));
  assert.equal((await readRunStatus(runDir))?.state, 'killed');
  const result = await resumeRun(runDir, { progress: null });
  assert.equal(result.status.state, 'completed');
  assert.equal(result.status.epochsDone, 3);
  assert.deepEqual(await snapshot(path.join(runDir, 'last')), lastBefore, 'last/ untouched: nothing was trained');
  await assertLikeStraight(runDir, 'completed on resume');
  await assert.rejects(resumeRun(runDir, { progress: null }), /already completed \(3 of 3 epochs\); pass --epochs N with N > 3/);
});

test('a resume after a kill mid-swap and mid-log: last/ restored from last.previous, no metrics row twice', async () => {
  const runDir = path.join(runsDir, 'mid-run');
  await train(options('mid-run', 2));
  // As if killed during epoch 3's save: the CSV row and metrics already written, last/ moved aside.
  await fs.appendFile(path.join(runDir, 'metrics.csv'), '2,0.1,0.001,0.1\n');
  await fs.rename(path.join(runDir, 'last'), path.join(runDir, 'last.previous'));
  await fs.writeFile(path.join(runDir, 'status.json'), JSON.stringify({ state: 'running', epochsDone: 2, epochs: 2, updatedAt: 'then', pid: deadPid() }));
  await writeStaleLock(runDir);
  await writeLeftovers(runDir);
  await resumeRun(runDir, { epochs: 3, progress: null });
  await assertLikeStraight(runDir, 'resumed mid-run');
});

test('a loss that becomes infinite ends the run failed (no completed status, no NaN checkpoint)', async () => {
  const huge = path.join(base, 'huge.npy');
  // Finite float32 values whose squares overflow: the first batch's loss is Infinity.
  await fs.writeFile(huge, encodeNpy(new Float32Array(40 * 16).fill(1e30), [40, 16]));
  const warnings: string[] = [];
  await assert.rejects(train({ ...options('diverged'), dataset: huge, warn: (message) => warnings.push(message) }), (error: unknown) => {
    assert.ok(error instanceof TrainingDivergedError);
    assert.match(error.message, /failed: TerminateOnNaN: the loss became (NaN|Infinity) at epoch 1, batch 1/);
    return true;
  });
  assert.deepEqual(warnings, [`${huge}: values range from 1.0000000150474662e+30 to 1.0000000150474662e+30, but model 'dense' ends in sigmoid (outputs in [0, 1]) and cannot reconstruct them: scale them into [0, 1] (--scale minmax fits that on the training data) and take any label column out (--label-column for a CSV)`]);
  const runDir = path.join(runsDir, 'diverged');
  const status = await readRunStatus(runDir);
  assert.equal(status?.state, 'failed');
  assert.match(status?.error ?? '', /TerminateOnNaN/);
  assert.equal(existsSync(path.join(runDir, 'last')), false, 'no checkpoint of NaN weights');
  assert.equal(existsSync(path.join(runDir, 'metrics.csv')), false, 'no row for the NaN epoch');
  assert.equal(existsSync(lockFile(runDir)), false);
});

test("a run keeps no tensors but its model's: the optimizer it made is disposed when it ends", async () => {
  const before = tf.memory().numTensors;
  const result = await train(options('tensors', 1));
  assert.equal(tf.memory().numTensors - before, result.autoencoder.model.weights.length, "tensors besides the model's weights");
});
