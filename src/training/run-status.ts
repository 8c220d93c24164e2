/**
 * status.json, written by the process that trains the run and read by everyone else (the CLI,
 * the dashboard). A reader never trusts 'running' alone: only a live owner of the run's lock
 * keeps it running; without one the run was killed and is reported 'killed'.
 */
import { promises as fs } from 'node:fs';
import { writeFileAtomic } from '../util/atomic.js';
import { isProcessAlive } from '../util/process-identity.js';
import { lockFile, parseLockOwner } from './run-lock.js';
import { runFile, type RunStatus } from './run-layout.js';

/** Reads a file's text, or undefined when it is missing or unreadable (the server passes a reader confined to its runs folder). */
export type TextReader = (file: string) => Promise<string | undefined>;

export const readTextIfAny: TextReader = (file) => fs.readFile(file, 'utf8').catch(() => undefined);

/**
 * Writes status.json atomically. If that fails (a full disk has no room for the temporary copy),
 * it overwrites the file in place, which needs no new blocks for a file this small, so a run can
 * still be marked failed; if both fail, the first error is thrown.
 */
export async function writeRunStatus(runDir: string, status: RunStatus): Promise<void> {
  const file = runFile(runDir, 'status');
  const text = `${JSON.stringify(status, null, 2)}\n`;
  try {
    await writeFileAtomic(file, text);
  } catch (error) {
    try {
      await fs.writeFile(file, text);
    } catch {
      throw error;
    }
  }
}

/** The run's status with 'running' checked against the lock; null when there is no readable status.json. */
export async function readRunStatus(runDir: string, read: TextReader = readTextIfAny): Promise<RunStatus | null> {
  const text = await read(runFile(runDir, 'status'));
  if (text === undefined) return null;
  let status: RunStatus;
  try {
    status = JSON.parse(text) as RunStatus;
  } catch {
    // Only a writer that is not ours leaves a torn status.json; say nothing rather than guess.
    return null;
  }
  if (typeof status !== 'object' || status === null || status.state !== 'running') return status;
  const owner = parseLockOwner((await read(lockFile(runDir))) ?? '');
  if (owner && isProcessAlive(owner)) return status;
  return { ...status, state: 'killed', stopReason: 'its process ended without marking the run (killed, or the machine stopped); continue it with aekit train --resume' };
}
