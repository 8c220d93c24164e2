/**
 * Run folders as real `aekit train` processes meet them: a second process into a live run, an
 * interrupt while a refused process starts, a full disk and a refused write. Tiny data written
 * at test time; the disk tests need root (a small tmpfs, a process as 'nobody') and skip without.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AEKIT_BIN, runAekit } from '../../testing/support/cli.js';
import { writeTinyNpy } from '../../testing/support/tiny-data.js';
import { readRunStatus } from './run-status.js';
import { lockFile } from './run-lock.js';

const base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-runproc-'));
const dataset = await writeTinyNpy(base);

function trainArgs(runsDir: string, name: string, epochs: number): string[] {
  return ['train', '--model', 'dense', '-o', 'codeSize=4', '--dataset', dataset, '--epochs', String(epochs), '--batch-size', '4', '--seed', '2', '--patience', '0', '--runs-dir', runsDir, '--name', name, '--backend', 'cpu'];
}

interface Child {
  process: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
}

function start(args: string[], options: { uid?: number; gid?: number } = {}): Child {
  const child = spawn(process.execPath, [AEKIT_BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { process: child, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), stderr: () => stderr };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const epochsDone = async (runDir: string) => (await readRunStatus(runDir))?.epochsDone ?? 0;

async function files(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await fs.readdir(dir)) {
    const stat = await fs.stat(path.join(dir, name));
    if (stat.isFile()) out[name] = await fs.readFile(path.join(dir, name), 'latin1');
  }
  return out;
}

test('a second train or resume of a live run is refused with its pid; Ctrl-C of the refused one changes nothing; Ctrl-C of the owner stops it', async () => {
  const runsDir = path.join(base, 'live');
  const runDir = path.join(runsDir, 'X');
  const owner = start(trainArgs(runsDir, 'X', 2000));
  try {
    await waitFor('the first epoch', async () => (await epochsDone(runDir)) >= 1);
    for (const args of [trainArgs(runsDir, 'X', 3), ['train', '--resume', runDir, '--backend', 'cpu']]) {
      const second = await runAekit(args, base);
      assert.equal(second.code, 1, second.stderr);
      assert.match(second.stderr, new RegExp(`^aekit: run ${runDir} is training \\(pid ${owner.process.pid}, since `));
    }
    // Interrupted at once, and a little later: by then it has been refused, never having touched X.
    for (const delay of [100, 600]) {
      const refused = start(trainArgs(runsDir, 'X', 3));
      await new Promise((r) => setTimeout(r, delay));
      refused.process.kill('SIGINT');
      await refused.exited;
      const status = await readRunStatus(runDir);
      assert.equal(status?.state, 'running', `after a refused process was interrupted at ${delay} ms: ${refused.stderr()}`);
      assert.equal(status?.pid, owner.process.pid);
    }
    owner.process.kill('SIGINT');
    assert.equal(await owner.exited, 130);
    assert.match(owner.stderr(), /SIGINT: stopped; resume with: aekit train --resume .*X/);
    const stopped = await readRunStatus(runDir);
    assert.equal(stopped?.state, 'stopped');
    assert.equal(existsSync(lockFile(runDir)), false, 'the lock goes with the process');
  } finally {
    owner.process.kill('SIGKILL');
  }
});

test('a completed run stays completed when a refused train into it is interrupted', async () => {
  const runsDir = path.join(base, 'done');
  const runDir = path.join(runsDir, 'X');
  const first = await runAekit(trainArgs(runsDir, 'X', 2), base);
  assert.equal(first.code, 0, first.stderr);
  const before = await files(runDir);
  for (const delay of [50, 300, 900]) {
    const refused = start(trainArgs(runsDir, 'X', 3));
    await new Promise((r) => setTimeout(r, delay));
    refused.process.kill('SIGINT');
    await refused.exited;
  }
  const again = await runAekit(trainArgs(runsDir, 'X', 3), base);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /run folder .*X already exists: choose another --name, or continue it with --resume/);
  assert.deepEqual(await files(runDir), before);
  assert.equal((await readRunStatus(runDir))?.state, 'completed');
});

/** A tmpfs of `size` mounted at a fresh folder, or undefined (with the reason) when this machine cannot. */
function mountTmpfs(size: string): { dir: string; unmount: () => void } | string {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux to mount a small tmpfs';
  const dir = path.join(base, `tmpfs-${size}`);
  spawnSync('mkdir', ['-p', dir]);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) return `cannot mount a tmpfs here (${mounted.stderr.trim()})`;
  return { dir, unmount: () => spawnSync('umount', ['-l', dir]) };
}

test('a full disk names the file, marks the run failed (exit 1), and the run resumes once there is room', async (t) => {
  const disk = mountTmpfs('4m');
  if (typeof disk === 'string') return t.skip(disk);
  try {
    const runsDir = path.join(disk.dir, 'runs');
    const runDir = path.join(runsDir, 'X');
    const trainer = start(trainArgs(runsDir, 'X', 60));
    await waitFor('the first epoch', async () => (await epochsDone(runDir)) >= 1);
    // Fill the disk: the next save or log fails with ENOSPC.
    const filler = path.join(disk.dir, 'filler');
    const handle = await fs.open(filler, 'w');
    try {
      for (;;) await handle.write(Buffer.alloc(64 * 1024, 1));
    } catch (error) {
      assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
    } finally {
      await handle.close();
    }
    assert.equal(await trainer.exited, 1, trainer.stderr());
    assert.match(trainer.stderr(), new RegExp(`(^|\\n)aekit: ${runDir}/\\S+: cannot write \\(ENOSPC: no space left on device\\)\\n$`));
    const status = await readRunStatus(runDir);
    assert.equal(status?.state, 'failed');
    assert.match(status?.error ?? '', /ENOSPC/);
    await fs.rm(filler);
    const resumed = await runAekit(['train', '--resume', runDir, '--backend', 'cpu'], base);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((await readRunStatus(runDir))?.state, 'completed');
    const csvRows = (await fs.readFile(path.join(runDir, 'metrics.csv'), 'utf8')).trim().split('\n');
    assert.deepEqual(csvRows.slice(1).map((row) => Number(row.split(',')[0])), Array.from({ length: 60 }, (_, i) => i), 'one CSV row per epoch');
  } finally {
    disk.unmount();
  }
});

test('a refused write (EACCES) names the file and marks the run failed', async (t) => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return t.skip('needs root on Linux to run the trainer as nobody');
  const runsDir = path.join(base, 'eacces');
  const runDir = path.join(runsDir, 'X');
  await fs.mkdir(runsDir, { recursive: true });
  await fs.chmod(base, 0o755);
  await fs.chown(runsDir, 65534, 65534);
  const trainer = start(trainArgs(runsDir, 'X', 2000), { uid: 65534, gid: 65534 });
  try {
    await waitFor('the first epoch', async () => (await epochsDone(runDir)) >= 1);
    // The best/ and last/ saves write temporary folders beside them: refuse them.
    await fs.chmod(runDir, 0o555);
    assert.equal(await trainer.exited, 1, trainer.stderr());
    assert.match(trainer.stderr(), new RegExp(`(^|\\n)aekit: ${runDir}/\\S+: cannot write \\(EACCES: permission denied\\)\\n$`));
    const status = await readRunStatus(runDir);
    assert.equal(status?.state, 'failed');
    assert.match(status?.error ?? '', /EACCES/);
  } finally {
    trainer.process.kill('SIGKILL');
    await fs.chmod(runDir, 0o755).catch(() => undefined);
  }
});
