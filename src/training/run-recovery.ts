/**
 * Bringing a run folder into a consistent state, whatever moment its last writer died at: who may
 * write it (one process, through run.lock), what a killed process left behind (temporary files,
 * a half-swapped model folder) and which files must be rewritten from the checkpoint so nothing
 * is counted twice (metrics.json, metrics.csv).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isAtomicLeftover, sweepAtomicLeftovers, writeFileAtomic } from '../util/atomic.js';
import { namedWrite, writeError } from '../util/file-errors.js';
import { csvLogText } from './callbacks/index.js';
import { acquireRunLock, liveOwner, RunBusyError, type RunLock } from './run-lock.js';
import { RUN_FILES, runFile } from './run-layout.js';
import { writeJson } from './run-recorder.js';
import type { History } from './trainer.js';

function alreadyExists(runDir: string): Error {
  return new Error(`run folder ${runDir} already exists: choose another --name, or continue it with --resume ${runDir}`);
}

/** Entries that show a run (or anything else) lives in the folder: all but the lock and temporary files. */
async function meaningfulEntries(runDir: string): Promise<string[]> {
  const entries = await fs.readdir(runDir);
  return entries.filter((name) => name !== RUN_FILES.lock && !name.startsWith(`${RUN_FILES.lock}.`) && !isAtomicLeftover(name));
}

/**
 * Refuses, before any data is read, a new run in a folder that is taken: by a live process
 * (`RunBusyError`) or by an earlier run. Changes nothing on disk.
 */
export async function checkRunFolderFree(runDir: string): Promise<void> {
  const stat = await fs.stat(runDir).catch(() => undefined);
  if (!stat) return;
  if (!stat.isDirectory()) throw new Error(`run folder ${runDir}: a file of that name is in the way; choose another --name`);
  const owner = await liveOwner(runDir);
  if (owner) throw new RunBusyError(runDir, owner);
  if ((await meaningfulEntries(runDir)).length > 0) throw alreadyExists(runDir);
}

/**
 * Creates the run folder and takes its lock. A folder that exists is taken only when it holds
 * nothing of a run: a start killed before it wrote config.json leaves just a stale lock and
 * temporary files, and must not block the name for good.
 */
export async function claimRunFolder(runDir: string): Promise<RunLock> {
  await namedWrite(path.dirname(runDir), () => fs.mkdir(path.dirname(runDir), { recursive: true }));
  let created = true;
  try {
    await fs.mkdir(runDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(runDir, error);
    created = false;
  }
  const lock = await acquireRunLock(runDir);
  if (!created) {
    if ((await meaningfulEntries(runDir)).length > 0) {
      await lock.release();
      throw alreadyExists(runDir);
    }
    await sweepAtomicLeftovers(runDir);
  }
  return lock;
}

/**
 * Clears what a killed writer left: temporary files and folders of interrupted atomic writes, and
 * a model folder caught mid-swap (restored from its '.previous' copy). Call with the lock held.
 */
export async function sweepRunFolder(runDir: string): Promise<string[]> {
  return sweepAtomicLeftovers(runDir);
}

/**
 * Rewrites metrics.json and metrics.csv from the history saved in the checkpoint, so epochs the
 * killed process logged after its last save are neither kept nor logged twice on resume.
 */
export async function rewriteMetricsFiles(runDir: string, history: History): Promise<void> {
  const csv = csvLogText(history.epoch, history.metrics);
  if (history.epoch.length === 0) {
    await fs.rm(runFile(runDir, 'metrics'), { force: true });
    await fs.rm(runFile(runDir, 'metricsCsv'), { force: true });
    return;
  }
  await writeJson(runFile(runDir, 'metrics'), history);
  await writeFileAtomic(runFile(runDir, 'metricsCsv'), csv);
}

/** What a run restarted from scratch must not inherit from its killed first attempt. */
export async function clearRunOutputs(runDir: string): Promise<void> {
  for (const name of [RUN_FILES.best, RUN_FILES.last, RUN_FILES.metrics, RUN_FILES.metricsCsv, RUN_FILES.reconstructions, RUN_FILES.tensorboard]) {
    await fs.rm(path.join(runDir, name), { recursive: true, force: true });
  }
}
