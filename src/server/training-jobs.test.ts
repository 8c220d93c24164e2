import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TrainingJobs } from './training-jobs.js';
import { HttpError } from './http-util.js';

// Stands in for bin/aekit.js: records its arguments, then waits to be stopped.
const FAKE_CLI = `
import { writeFileSync, mkdirSync, renameSync } from 'node:fs';
import * as path from 'node:path';
const args = process.argv.slice(2);
const dir = path.join(args[args.indexOf('--runs-dir') + 1], args[args.indexOf('--name') + 1]);
mkdirSync(dir, { recursive: true });
// Written whole then renamed, so the test never reads it half-written.
writeFileSync(path.join(dir, 'argv.tmp'), JSON.stringify(args));
renameSync(path.join(dir, 'argv.tmp'), path.join(dir, 'argv.json'));
process.on('SIGTERM', () => { writeFileSync(path.join(dir, 'signal.txt'), 'SIGTERM'); process.exit(0); });
setInterval(() => {}, 1000);
`;

async function waitForFile(file: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    try {
      return await fs.readFile(file, 'utf8');
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error(`${file} never appeared`);
}

test('a job is the train command spawned with its argument array, and stop sends it SIGTERM', async () => {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-jobs-'));
  let jobs: TrainingJobs | undefined;
  try {
    const cliPath = path.join(base, 'fake-aekit.mjs');
    await fs.writeFile(cliPath, FAKE_CLI);
    const runsDir = path.join(base, 'runs');
    const running = new TrainingJobs({ runsDir, cliPath });
    jobs = running;
    const request = { model: 'dense', dataset: 'mnist', epochs: 2, batchSize: 32, learningRate: 0.5, limit: 100, seed: 9 };
    const started = jobs.start(request);
    assert.match(started.runId, /^dense-mnist-\d{8}-\d{6}-1$/);
    assert.equal(started.running, true);
    const argv = JSON.parse(await waitForFile(path.join(runsDir, started.runId, 'argv.json'))) as string[];
    assert.deepEqual(argv, ['train', '--model', 'dense', '--dataset', 'mnist', '--epochs', '2', '--batch-size', '32', '--lr', '0.5', '--limit', '100', '--runs-dir', runsDir, '--name', started.runId, '--seed', '9']);

    assert.throws(() => running.stop('someone-elses-run'), (e: unknown) => e instanceof HttpError && e.status === 404);
    jobs.stop(started.runId);
    const finished = await jobs.waitFor(started.runId);
    assert.equal(await fs.readFile(path.join(runsDir, started.runId, 'signal.txt'), 'utf8'), 'SIGTERM');
    assert.equal(finished.running, false);
    assert.equal(finished.exitCode, 0);
    assert.equal(jobs.list()[0]!.running, false);
  } finally {
    // A failed assertion must not leave the fake child running (it would keep the test process alive).
    await jobs?.stopAll();
    await fs.rm(base, { recursive: true, force: true });
  }
});

test('jobs beyond maxJobs are refused with 429, saying how many run and how to change the limit', async () => {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-jobs-'));
  const cliPath = path.join(base, 'fake-aekit.mjs');
  await fs.writeFile(cliPath, FAKE_CLI);
  const jobs = new TrainingJobs({ runsDir: path.join(base, 'runs'), cliPath, maxJobs: 1 });
  const request = { model: 'dense', dataset: 'mnist', epochs: 2, batchSize: 32, learningRate: 0.5, limit: 100, seed: 9 };
  try {
    const first = jobs.start(request);
    assert.throws(() => jobs.start(request), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.status, 429);
      assert.equal(e.message, 'training: 1 job already running, the most this dashboard runs at once (aekit serve --max-jobs 1); wait for one to finish or stop it');
      return true;
    });
    jobs.stop(first.runId);
    await jobs.waitFor(first.runId);
    assert.equal(jobs.start(request).running, true, 'a slot is free again once the job has ended');
    assert.throws(() => new TrainingJobs({ runsDir: base, cliPath, maxJobs: 0 }), /maxJobs \(--max-jobs\) must be a whole number >= 1, got 0/);
  } finally {
    await jobs.stopAll();
    await fs.rm(base, { recursive: true, force: true });
  }
});
