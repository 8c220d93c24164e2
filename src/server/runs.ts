/**
 * Reading run folders for the dashboard: the list of runs with their config, status and final
 * metrics, and one run's metrics history. Only the files `run-layout.ts` documents are read, and
 * only inside the runs folder: every path is resolved (symlinks followed) and refused with 403 if
 * it leads outside, as the /runs/ file route does.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { RUN_FILES, runFile, type RunStatus } from '../training/run-layout.js';
import { readRunStatus } from '../training/run-status.js';
import { exists, resolveAtomicFolder } from '../util/atomic.js';
import { HttpError } from './http-util.js';
import { checkTreeInside, confinedReader, realPathInside } from './safe-path.js';

/** A run id is one plain folder name: letters, digits, '.', '_', '-' (no '..'). */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function checkRunId(id: string): string {
  if (!RUN_ID.test(id) || id.includes('..')) {
    throw new HttpError(400, `run id: expected 1-128 letters, digits, '.', '_' or '-' (starting with a letter or digit), got '${id.slice(0, 140)}'`);
  }
  return id;
}

export interface MetricsHistory {
  epoch: number[];
  metrics: Record<string, number[]>;
}

export interface RunSummary {
  id: string;
  config: Record<string, unknown> | null;
  status: RunStatus | null;
  /** The last value of every metric. */
  final: Record<string, number>;
  /** 'best' or 'last' (or their '.previous' copy): the saved model the dashboard decodes with. */
  modelFolder: string | null;
  hasReconstructions: boolean;
  /** Changes whenever metrics or status are rewritten (cache key for the browser). */
  updatedAt: number;
}

/** A JSON file inside the runs folder, or null when missing or unreadable (403 when it leads outside). */
async function readJson<T>(runsDir: string, file: string): Promise<T | null> {
  const text = await confinedReader(runsDir)(file);
  try {
    return text === undefined ? null : (JSON.parse(text) as T);
  } catch {
    // Caught between writes of a non-atomic writer: the next poll reads it again.
    return null;
  }
}

async function mtime(runsDir: string, file: string): Promise<number> {
  const real = await realPathInside(runsDir, file);
  return real === undefined ? 0 : ((await fs.stat(real).catch(() => undefined))?.mtimeMs ?? 0);
}

/** The folder of run `id`, checked to be a folder inside the runs folder (404, 403 otherwise). */
export async function resolveRunDir(runsDir: string, id: string): Promise<string> {
  const runDir = path.join(runsDir, checkRunId(id));
  const real = await realPathInside(runsDir, runDir);
  if (real === undefined || !(await fs.stat(real)).isDirectory()) throw new HttpError(404, `run '${id}': no such run folder in ${runsDir}`);
  return runDir;
}

export function readMetrics(runsDir: string, runDir: string): Promise<MetricsHistory | null> {
  return readJson<MetricsHistory>(runsDir, runFile(runDir, 'metrics'));
}

/** The saved model folder to analyse and decode with: best, else last; every file of it inside the runs folder. */
export async function modelFolderOf(runsDir: string, runDir: string): Promise<string | null> {
  for (const name of [RUN_FILES.best, RUN_FILES.last]) {
    const found = await resolveAtomicFolder(path.join(runDir, name));
    if (!found || !(await exists(path.join(found, 'decoder', 'model.json')))) continue;
    await checkTreeInside(runsDir, found);
    return path.basename(found);
  }
  return null;
}

export async function readRunSummary(runsDir: string, id: string): Promise<RunSummary> {
  const runDir = await resolveRunDir(runsDir, id);
  const [config, status, metrics] = await Promise.all([
    readJson<Record<string, unknown>>(runsDir, runFile(runDir, 'config')),
    // 'running' only while a live process holds the run's lock; a killed run reads 'killed'.
    readRunStatus(runDir, confinedReader(runsDir)),
    readMetrics(runsDir, runDir),
  ]);
  if (!config && !status && !metrics) throw new HttpError(404, `run '${id}': no config.json, status.json or metrics.json in ${runDir}`);
  const final: Record<string, number> = {};
  for (const [name, values] of Object.entries(metrics?.metrics ?? {})) {
    const last = values[values.length - 1];
    if (typeof last === 'number') final[name] = last;
  }
  const times = await Promise.all([runFile(runDir, 'status'), runFile(runDir, 'metrics'), runFile(runDir, 'reconstructions')].map((file) => mtime(runsDir, file)));
  return {
    id,
    config,
    status,
    final,
    modelFolder: await modelFolderOf(runsDir, runDir),
    hasReconstructions: times[2]! > 0,
    updatedAt: Math.max(...times),
  };
}

/** Every run folder (a folder with config.json or status.json), newest first. */
export async function listRuns(runsDir: string): Promise<RunSummary[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(runsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const ids = entries.filter((e) => e.isDirectory() && RUN_ID.test(e.name) && !e.name.includes('..')).map((e) => e.name);
  const summaries = await Promise.all(ids.map((id) => readRunSummary(runsDir, id).catch(() => null)));
  const runs = summaries.filter((s): s is RunSummary => s !== null);
  const created = (run: RunSummary): string => String(run.config?.['createdAt'] ?? '');
  return runs.sort((a, b) => created(b).localeCompare(created(a)) || b.updatedAt - a.updatedAt);
}
