/**
 * The CLI as a user meets it: real processes, real run folders, SIGKILL and resume.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { missing, REPO_ROOT, realDatasetDir } from '../../testing/support/datasets.js';

const BIN = path.join(REPO_ROOT, 'bin', 'aekit.js');
const skip = missing('mnist');
const MNIST = skip ? '' : realDatasetDir('mnist');
const DATA = ['--data-dir', MNIST, '--no-download'];

function aekit(args: string[], cwd?: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: cwd ?? REPO_ROOT, timeout: 300_000 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'aekit-cli-'));
}

test('summary prints the Keras numbers', () => {
  const out = aekit(['summary', '--model', 'conv1']);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /Total params: 6,705/);
});

test('bad input: one clear line, non-zero exit, no stack trace', () => {
  const cases: [string[], RegExp][] = [
    [['summary', '--model', 'nope'], /aekit: option --model: unknown model 'nope': expected one of/],
    [['train', '--epochs', 'ten'], /option --epochs: expected a whole number from 1 to any size, got 'ten'/],
    [['train', '--lr', '-1'], /option --lr: expected a number > 0/],
    [['train', '--bogus'], /unknown option '--bogus'/],
    [['reconstruct', '--model', '/nonexistent/run'], /aekit: option --model: \/nonexistent\/run: no such saved model or run folder/],
    [['train', '--resume', '/nonexistent/run'], /not a run folder/],
    [['train', '--validation', '1'], /option --validation: expected 'test' or a fraction > 0 and < 1 of the training data to hold out, got '1'/],
    [['serve', '/etc/hostname'], /runs folder '\/etc\/hostname': expected a folder of run folders, found a file/],
  ];
  for (const [args, pattern] of cases) {
    const out = aekit(args);
    assert.notEqual(out.code, 0, `${args.join(' ')} should fail`);
    assert.match(out.stderr, pattern, args.join(' '));
    assert.doesNotMatch(out.stderr, /\n\s+at /, `no stack trace for ${args.join(' ')}`);
  }
});

async function readJson(file: string): Promise<Record<string, unknown>> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
}

test('a run killed with SIGKILL resumes from its last completed epoch to the same weights as an uninterrupted run', { skip }, async () => {
  const runs = await tempDir();
  // Small batches make epochs long enough (hundreds of steps) to kill the process mid-run reliably.
  const common = ['train', '--model', 'dense', '--limit', '1500', '--batch-size', '8', '--epochs', '4', '--seed', '5', '--patience', '0', '--runs-dir', runs, ...DATA, '--backend', 'cpu'];
  const straight = aekit([...common, '--name', 'straight']);
  assert.equal(straight.code, 0, straight.stderr);

  const child = spawn(process.execPath, [BIN, ...common, '--name', 'killed'], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const stateFile = path.join(runs, 'killed', 'last', 'state.json');
  const deadline = Date.now() + 240_000;
  let killedAfter = 0;
  while (Date.now() < deadline) {
    if (existsSync(stateFile)) {
      killedAfter = ((await readJson(stateFile)) as { epochsDone: number }).epochsDone;
      if (killedAfter >= 1) break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
  assert.ok(killedAfter >= 1 && killedAfter < 4, `killed after ${killedAfter} epochs (must be mid-run)`);
  const status = await readJson(path.join(runs, 'killed', 'status.json'));
  assert.equal(status['state'], 'running', 'a SIGKILLed run cannot mark itself stopped');

  const resumed = aekit(['train', '--resume', path.join(runs, 'killed'), '--backend', 'cpu']);
  assert.equal(resumed.code, 0, resumed.stderr);
  const [a, b] = await Promise.all([fs.readFile(path.join(runs, 'straight', 'last', 'weights.bin')), fs.readFile(path.join(runs, 'killed', 'last', 'weights.bin'))]);
  assert.ok(a.equals(b), 'resumed weights differ from the uninterrupted run');
  const metricsA = await readJson(path.join(runs, 'straight', 'metrics.json'));
  const metricsB = await readJson(path.join(runs, 'killed', 'metrics.json'));
  assert.deepEqual(metricsB, metricsA);
  const csv = await fs.readFile(path.join(runs, 'killed', 'metrics.csv'), 'utf8');
  assert.equal(csv.trim().split('\n').length, 1 + 4 + (killedAfter < 4 ? 0 : 0), `metrics.csv: a header and one row per epoch:\n${csv}`);
  assert.equal((await readJson(path.join(runs, 'killed', 'status.json')))['state'], 'completed');
});
