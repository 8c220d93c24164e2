/**
 * Reading run folders for the dashboard: the list of runs with their config, status and final
 * metrics, and one run's metrics history. Only the files `run-layout.ts` documents are read.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { RUN_FILES, runFile, type RunStatus } from '../training/run-layout.js';
import { readRunStatus } from '../training/run-status.js';
import { exists, resolveAtomicFolder } from '../util/atomic.js';
import { HttpError } from './http-util.js';

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

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    // Missing, or caught between writes of a non-atomic writer: the next poll reads it again.
    return null;
  }
}

async function mtime(file: string): Promise<number> {
  try {
    return (await fs.stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

export function readMetrics(runDir: string): Promise<MetricsHistory | null> {
  return readJson<MetricsHistory>(runFile(runDir, 'metrics'));
}

/** The saved model folder to analyse and decode with: best, else last. */
export async function modelFolderOf(runDir: string): Promise<string | null> {
  for (const name of [RUN_FILES.best, RUN_FILES.last]) {
    const found = await resolveAtomicFolder(path.join(runDir, name));
    if (found && (await exists(path.join(found, 'decoder', 'model.json')))) return path.basename(found);
  }
  return null;
}

export async function readRunSummary(runsDir: string, id: string): Promise<RunSummary> {
  const runDir = path.join(runsDir, checkRunId(id));
  const [config, status, metrics] = await Promise.all([
    readJson<Record<string, unknown>>(runFile(runDir, 'config')),
    // 'running' only while a live process holds the run's lock; a killed run reads 'killed'.
    readRunStatus(runDir),
    readMetrics(runDir),
  ]);
  if (!config && !status && !metrics) throw new HttpError(404, `run '${id}': no config.json, status.json or metrics.json in ${runDir}`);
  const final: Record<string, number> = {};
  for (const [name, values] of Object.entries(metrics?.metrics ?? {})) {
    const last = values[values.length - 1];
    if (typeof last === 'number') final[name] = last;
  }
  const times = await Promise.all([runFile(runDir, 'status'), runFile(runDir, 'metrics'), runFile(runDir, 'reconstructions')].map(mtime));
  return {
    id,
    config,
    status,
    final,
    modelFolder: await modelFolderOf(runDir),
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
