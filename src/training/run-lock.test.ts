import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireRunLock, liveOwner, lockFile, RunBusyError } from './run-lock.js';
import { readRunStatus, writeRunStatus } from './run-status.js';
import { currentProcess, processStartTime } from '../util/process-identity.js';

async function tempRun(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'aekit-lock-'));
}

/** The pid of a process that has exited (and, so soon after, not been reused). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

test('/proc start times tell a process from a later one with the same pid', () => {
  const me = currentProcess();
  assert.equal(me.pid, process.pid);
  if (process.platform !== 'linux') return;
  assert.match(me.startTime ?? '', /^\d+$/);
  assert.equal(processStartTime(process.pid), me.startTime);
  assert.equal(processStartTime(deadPid()), null);
});

test('a held lock refuses a second writer with "run X is training (pid N)"; release frees it', async () => {
  const runDir = await tempRun();
  const lock = await acquireRunLock(runDir);
  const owner = JSON.parse(await fs.readFile(lockFile(runDir), 'utf8')) as { pid: number };
  assert.equal(owner.pid, process.pid);
  await assert.rejects(acquireRunLock(runDir), (error: unknown) => {
    assert.ok(error instanceof RunBusyError);
    assert.match(error.message, new RegExp(`^run ${runDir} is training \\(pid ${process.pid}, since `));
    return true;
  });
  assert.equal((await liveOwner(runDir))?.pid, process.pid);
  await lock.release();
  assert.equal(existsSync(lockFile(runDir)), false);
  assert.equal(await liveOwner(runDir), undefined);
  const again = await acquireRunLock(runDir);
  await again.release();
});

test('a stale lock (dead pid, or a live pid with another start time) is taken over', async () => {
  const runDir = await tempRun();
  const stale = [
    { pid: deadPid(), startTime: '1', host: os.hostname(), since: 'then' },
    // Our own pid, but a start time it never had: the pid was reused by this process.
    { pid: process.pid, startTime: process.platform === 'linux' ? '1' : null, host: os.hostname(), since: 'then' },
  ];
  for (const owner of stale.slice(0, process.platform === 'linux' ? 2 : 1)) {
    await fs.writeFile(lockFile(runDir), JSON.stringify(owner));
    assert.equal(await liveOwner(runDir), undefined, JSON.stringify(owner));
    const lock = await acquireRunLock(runDir);
    assert.equal(lock.owner.pid, process.pid);
    assert.notEqual(lock.owner.since, 'then');
    await lock.release();
  }
});

test('release leaves alone a lock that is no longer ours', async () => {
  const runDir = await tempRun();
  const lock = await acquireRunLock(runDir);
  const foreign = JSON.stringify({ pid: 1, startTime: null, host: os.hostname(), since: 'other' });
  await fs.writeFile(lockFile(runDir), foreign);
  await lock.release();
  assert.equal(await fs.readFile(lockFile(runDir), 'utf8'), foreign);
});

test('of several processes racing for one stale lock, exactly one takes it', async () => {
  const runDir = await tempRun();
  await fs.writeFile(lockFile(runDir), JSON.stringify({ pid: deadPid(), startTime: '1', host: os.hostname(), since: 'then' }));
  const go = path.join(runDir, 'go');
  const module = path.join(path.dirname(fileURLToPath(import.meta.url)), 'run-lock.js');
  const script = `
    import { existsSync } from 'node:fs';
    const { acquireRunLock } = await import(${JSON.stringify(module)});
    while (!existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 2));
    try { await acquireRunLock(${JSON.stringify(runDir)}); process.stdout.write('got'); await new Promise((r) => setTimeout(r, 1500)); }
    catch (e) { process.stdout.write(e.name === 'RunBusyError' ? 'busy' : 'error ' + e.message); }`;
  const children = Array.from({ length: 5 }, () => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    return new Promise<string>((resolve) => child.on('exit', () => resolve(out)));
  });
  await new Promise((r) => setTimeout(r, 700));
  await fs.writeFile(go, '');
  const outcomes = (await Promise.all(children)).sort();
  assert.deepEqual(outcomes, ['busy', 'busy', 'busy', 'busy', 'got'], outcomes.join(', '));
  // The winner's exit released it.
  assert.equal(existsSync(lockFile(runDir)), false);
});

test("status 'running' without a live lock owner reads as 'killed'; other states are kept", async () => {
  const runDir = await tempRun();
  const status = { state: 'running' as const, epochsDone: 1, epochs: 3, updatedAt: 'now', pid: deadPid() };
  await writeRunStatus(runDir, status);
  const killed = await readRunStatus(runDir);
  assert.equal(killed?.state, 'killed');
  assert.match(killed?.stopReason ?? '', /aekit train --resume/);
  const lock = await acquireRunLock(runDir);
  assert.equal((await readRunStatus(runDir))?.state, 'running');
  await lock.release();
  await writeRunStatus(runDir, { ...status, state: 'completed' });
  assert.equal((await readRunStatus(runDir))?.state, 'completed');
  await fs.writeFile(path.join(runDir, 'status.json'), '{"state": "runn');
  assert.equal(await readRunStatus(runDir), null);
});
