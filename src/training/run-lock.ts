/**
 * One writer per run folder. A process takes `run.lock` before it touches anything in the
 * folder and holds it until it leaves; the lock names its owner (pid, start time, host), so a
 * lock left by a killed process is recognised as stale and taken over, and a live one refuses
 * a second writer with "run X is training (pid N)".
 *
 * The lock file appears complete or not at all: it is written to a temporary sibling and
 * hard-linked into place, which fails when a lock exists. Taking over a stale lock is itself
 * serialised by a second, short-lived guard lock, so two newcomers cannot both take it over.
 */
import { linkSync, promises as fs, readFileSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { currentProcess, isProcessAlive, type ProcessIdentity } from '../util/process-identity.js';
import { tempSibling } from '../util/atomic.js';
import { writeError } from '../util/file-errors.js';
import { RUN_FILES } from './run-layout.js';

export interface LockOwner extends ProcessIdentity {
  /** When the lock was taken (ISO time). */
  since: string;
}

/** A second writer was refused: the run is held by a live process. */
export class RunBusyError extends Error {
  override name = 'RunBusyError';
  constructor(
    readonly runDir: string,
    readonly owner: LockOwner,
  ) {
    const host = owner.host === currentProcess().host ? '' : ` on host ${owner.host}`;
    super(`run ${runDir} is training (pid ${owner.pid}${host}, since ${owner.since}); wait for it to finish or stop it first`);
  }
}

export function lockFile(runDir: string): string {
  return path.join(runDir, RUN_FILES.lock);
}

/** The lock's owner as written, or undefined when there is no lock (or it is unreadable). */
export async function readLockOwner(runDir: string): Promise<LockOwner | undefined> {
  let text: string;
  try {
    text = await fs.readFile(lockFile(runDir), 'utf8');
  } catch {
    return undefined;
  }
  return parseLockOwner(text);
}

/** A lock file's owner, or undefined when the text is not one. */
export function parseLockOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner> | null;
    if (!value || typeof value.pid !== 'number' || typeof value.host !== 'string') return undefined;
    return { pid: value.pid, startTime: typeof value.startTime === 'string' ? value.startTime : null, host: value.host, since: String(value.since ?? '') };
  } catch {
    return undefined;
  }
}

/** The live process holding the run, or undefined when none does (no lock, or a stale one). */
export async function liveOwner(runDir: string): Promise<LockOwner | undefined> {
  const owner = await readLockOwner(runDir);
  return owner && isProcessAlive(owner) ? owner : undefined;
}

const held = new Set<RunLock>();
let exitHookInstalled = false;

/** A lock this process holds; `release` (or the process's exit) removes it. */
export class RunLock {
  private released = false;

  constructor(
    readonly runDir: string,
    readonly owner: LockOwner,
  ) {
    held.add(this);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      // Ctrl-C, an uncaught error or process.exit: the lock goes with the process. (SIGKILL leaves it; it is then stale.)
      process.on('exit', () => {
        for (const lock of held) lock.releaseSync();
      });
    }
  }

  get held(): boolean {
    return !this.released;
  }

  /** Removes the lock file, if it is still ours. */
  releaseSync(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this);
    try {
      const current = parseLockOwner(readFileSync(lockFile(this.runDir), 'utf8'));
      if (current && current.pid === this.owner.pid && current.since === this.owner.since && current.host === this.owner.host) unlinkSync(lockFile(this.runDir));
    } catch {
      // Already gone (the folder was removed, or someone cleared it by hand).
    }
  }

  async release(): Promise<void> {
    this.releaseSync();
  }
}

/** Hard-links the finished lock text at `temp` to `file`; false when `file` already exists. */
function linkExclusive(temp: string, file: string): boolean {
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw writeError(file, error);
  }
}

async function withTempCopy<T>(file: string, text: string, use: (temp: string) => T | Promise<T>): Promise<T> {
  const temp = tempSibling(file);
  try {
    await fs.writeFile(temp, text);
  } catch (error) {
    throw writeError(file, error);
  }
  try {
    return await use(temp);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

const MAX_ATTEMPTS = 50;
const RETRY_MS = 20;

/**
 * Takes the run's lock, or throws `RunBusyError` naming the live owner. A stale lock (its owner
 * is gone, or the pid now belongs to a younger process) is taken over. The folder must exist.
 */
export async function acquireRunLock(runDir: string): Promise<RunLock> {
  const file = lockFile(runDir);
  const guard = `${file}.takeover`;
  const owner: LockOwner = { ...currentProcess(), since: new Date().toISOString() };
  const text = `${JSON.stringify(owner)}\n`;
  return withTempCopy(file, text, async (temp) => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (linkExclusive(temp, file)) return new RunLock(runDir, owner);
      const found = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (found === undefined) continue; // released between our attempt and the read: try again
      const current = parseLockOwner(found);
      if (current && isProcessAlive(current)) throw new RunBusyError(runDir, current);
      // Stale (or unreadable: a lock is written whole, so only a foreign file is unreadable).
      if (linkExclusive(temp, guard)) {
        try {
          // Still the same stale lock? Then nobody has taken it over meanwhile.
          if ((await fs.readFile(file, 'utf8').catch(() => undefined)) === found) await fs.rm(file, { force: true });
        } finally {
          await fs.rm(guard, { force: true });
        }
        continue;
      }
      const guardOwner = parseLockOwner(await fs.readFile(guard, 'utf8').catch(() => ''));
      // A guard is held for a few milliseconds; one whose owner died is cleared.
      if (!guardOwner || !isProcessAlive(guardOwner)) await fs.rm(guard, { force: true });
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
    throw new Error(`${file}: could not take the run's lock after ${MAX_ATTEMPTS} attempts (other processes keep taking it over); try again`);
  });
}
