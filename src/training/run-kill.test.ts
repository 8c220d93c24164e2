/**
 * Fault injection: `aekit train` SIGKILLed again and again at random moments (while starting,
 * while training, in the middle of saving a model) and resumed each time with `--resume`, until
 * the run completes. Each run must then equal an uninterrupted run of the same seed: the same
 * metrics.json and metrics.csv (no row twice), the same weights in last/ and best/, models that
 * load, and nothing left behind (no temporary files, no '.previous' folder, no lock).
 * A longer soak with the same harness: testing/soak/kill-resume.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AEKIT_BIN } from '../../testing/support/cli.js';
import { killAndResume, leftoversIn, type KillReport } from '../../testing/support/fault-injection.js';
import { writeTinyNpy } from '../../testing/support/tiny-data.js';
import { initBackend } from '../backend/select.js';
import { loadAutoencoder } from '../io/model-io.js';
import { Random } from '../util/random.js';
import { readRunStatus } from './run-status.js';

const RUNS = 8;
const KILLS_PER_RUN = 3;
const SEED = Number(process.env['AEKIT_FAULT_SEED'] ?? 19);

await initBackend({ backend: 'cpu' });
const base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-kill-'));
const runsDir = path.join(base, 'runs');
const dataset = await writeTinyNpy(base, 96, 8);
const trainArgs = ['--model', 'dense', '-o', 'codeSize=4', '--dataset', dataset, '--epochs', '8', '--batch-size', '4', '--seed', '4', '--backend', 'cpu'];

/** Runs the uninterrupted reference and says how long it trained (from its first status to its exit). */
async function straightRun(): Promise<number> {
  const child = spawn(process.execPath, [AEKIT_BIN, 'train', ...trainArgs, '--runs-dir', runsDir, '--name', 'straight'], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const status = path.join(runsDir, 'straight', 'status.json');
  let started = 0;
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    if (!started && existsSync(status)) started = Date.now();
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(await exited, 0, 'the uninterrupted run');
  return Date.now() - (started || Date.now());
}

const read = (runDir: string, file: string) => fs.readFile(path.join(runDir, file));

test(`${RUNS} runs SIGKILLed ${KILLS_PER_RUN} times each (mid-save too) and resumed equal an uninterrupted run, with nothing left behind`, { timeout: 600_000 }, async () => {
  const trainingMs = await straightRun();
  const straight = path.join(runsDir, 'straight');
  const random = new Random(SEED);
  const reports: KillReport[] = [];
  for (let i = 0; i < RUNS; i++) {
    const name = `killed-${i}`;
    const runDir = path.join(runsDir, name);
    const report = await killAndResume({ runsDir, name, trainArgs, kills: KILLS_PER_RUN, random, trainingMs: Math.max(trainingMs, 200) });
    reports.push(report);
    const why = `${name} after ${report.kills} kills (${report.midSave} mid-save; seed ${SEED})`;
    assert.equal((await readRunStatus(runDir))?.state, 'completed', why);
    assert.deepEqual(JSON.parse((await read(runDir, 'metrics.json')).toString()), JSON.parse((await read(straight, 'metrics.json')).toString()), `${why}: metrics.json`);
    assert.equal((await read(runDir, 'metrics.csv')).toString(), (await read(straight, 'metrics.csv')).toString(), `${why}: metrics.csv (one row per epoch)`);
    for (const file of ['last/weights.bin', 'best/weights.bin', 'last/optimizer.bin']) {
      assert.ok((await read(runDir, file)).equals(await read(straight, file)), `${why}: ${file} differs from the uninterrupted run's`);
    }
    await loadAutoencoder(path.join(runDir, 'best'));
    await loadAutoencoder(path.join(runDir, 'last'));
    assert.deepEqual(await leftoversIn(runDir), [], `${why}: leftovers`);
  }
  const total = reports.reduce((sum, r) => ({ kills: sum.kills + r.kills, midSave: sum.midSave + r.midSave, beforeConfig: sum.beforeConfig + r.beforeConfig, loggedAheadOfSave: sum.loggedAheadOfSave + r.loggedAheadOfSave, processes: sum.processes + r.processes }), { kills: 0, midSave: 0, beforeConfig: 0, loggedAheadOfSave: 0, processes: 0 });
  console.log(`# fault injection (seed ${SEED}): ${total.kills} SIGKILLs over ${RUNS} runs, ${total.midSave} of them mid-save, ${total.loggedAheadOfSave} after metrics.csv logged an epoch last/ had not saved, ${total.beforeConfig} before config.json; ${total.processes} processes; training ${trainingMs} ms uninterrupted`);
  // A run that completes before its last planned kill takes fewer; most must land all the same.
  assert.ok(total.kills >= RUNS * KILLS_PER_RUN * 0.6, `most planned kills landed (${total.kills})`);
  assert.ok(total.midSave >= 1, 'at least one kill hit a save in progress');
  assert.ok(total.loggedAheadOfSave >= 1, 'at least one kill came between logging an epoch and saving it');
});
