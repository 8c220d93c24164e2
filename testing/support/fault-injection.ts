/**
 * Test-only: SIGKILLs `aekit train` at chosen moments and brings the run back with
 * `aekit train --resume`, as an unlucky user would, until the run completes. A kill lands either
 * at a random moment of training, or as soon as the run folder shows a save in progress (a
 * temporary model folder or a model folder moved aside), so saves are hit mid-way too. Used by
 * the fault-injection test (a few dozen kills) and by the soak script (testing/soak/).
 */
import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, watch } from 'node:fs';
import * as path from 'node:path';
import { Random } from '../../src/util/random.js';
import { resolveAtomicFolder } from '../../src/util/atomic.js';
import { AEKIT_BIN } from './cli.js';

export interface KillPlan {
  runsDir: string;
  name: string;
  /** `aekit train` arguments without --name, --runs-dir and --resume. */
  trainArgs: string[];
  /** SIGKILLs to deliver before the run may complete. */
  kills: number;
  random: Random;
  /** How long the uninterrupted run trains, in ms: random kills fall within it. */
  trainingMs: number;
}

export interface KillReport {
  /** Processes killed (a process that finished first is not counted). */
  kills: number;
  /** Kills after which a temporary or moved-aside model folder was left: the kill hit a save. */
  midSave: number;
  /** Kills before config.json existed (the run then starts again with `train --name`). */
  beforeConfig: number;
  /** Kills after metrics.csv had logged an epoch that last/ had not saved yet, last/ holding at least one (a resume continues from it and must not log that epoch twice). */
  loggedAheadOfSave: number;
  /** Processes started in all, the final one included. */
  processes: number;
}

const SAVE_IN_PROGRESS = /^\.(best|last)\.tmp-|\.previous$/;
/** Roughly how long `aekit train` takes to start (Node, TensorFlow.js, the engine, the data). */
const STARTUP_MS = 1500;

interface Process {
  pid: number;
  exited: Promise<number | null>;
  kill(): void;
  stderr(): string;
}

function startAekit(args: string[]): Process {
  const child = spawn(process.execPath, [AEKIT_BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { pid: child.pid!, exited, kill: () => child.kill('SIGKILL'), stderr: () => stderr };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `check` holds (polled every few ms) or the process has exited; true if it held. */
async function until(check: () => boolean, exited: Promise<unknown>): Promise<boolean> {
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    if (check()) return true;
    await sleep(3);
  }
  return check();
}

/** Resolves as soon as a save shows in the run folder, or the process exits. */
function saveSeen(runDir: string, exited: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(runDir, (_event, file) => {
      if (file && SAVE_IN_PROGRESS.test(file)) finish();
    });
    const finish = () => {
      watcher.close();
      resolve();
    };
    void exited.then(finish);
  });
}

/** status.json as the training process last wrote it (its pid, the epochs it has saved). */
function statusOf(runDir: string): { pid?: number; epochsDone?: number; epochs?: number; state?: string } | undefined {
  try {
    return JSON.parse(readFileSync(path.join(runDir, 'status.json'), 'utf8')) as { pid?: number; epochsDone?: number; epochs?: number; state?: string };
  } catch {
    return undefined;
  }
}

async function csvRows(runDir: string): Promise<number> {
  const text = await fs.readFile(path.join(runDir, 'metrics.csv'), 'utf8').catch(() => '');
  return Math.max(0, text.trim().split('\n').length - 1);
}

/** Epochs saved in last/ (or in last.previous when a swap was cut short). */
async function savedEpochs(runDir: string): Promise<number> {
  const folder = await resolveAtomicFolder(path.join(runDir, 'last'));
  if (!folder) return 0;
  const state = await fs.readFile(path.join(folder, 'state.json'), 'utf8').catch(() => '{}');
  return (JSON.parse(state) as { epochsDone?: number }).epochsDone ?? 0;
}

async function saveLeftovers(runDir: string): Promise<boolean> {
  const names = await fs.readdir(runDir).catch(() => [] as string[]);
  return names.some((name) => SAVE_IN_PROGRESS.test(name));
}

/** The next attempt: `train --resume` once config.json exists, else the run started afresh. */
function attemptArgs(plan: KillPlan, runDir: string): string[] {
  return existsSync(path.join(runDir, 'config.json'))
    ? ['train', '--resume', runDir, ...plan.trainArgs.filter((arg, i, all) => arg === '--backend' || all[i - 1] === '--backend')]
    : ['train', ...plan.trainArgs, '--runs-dir', plan.runsDir, '--name', plan.name];
}

/** Kills the run `plan.kills` times, then lets it complete; throws if any attempt fails. */
export async function killAndResume(plan: KillPlan): Promise<KillReport> {
  const runDir = path.join(plan.runsDir, plan.name);
  const report: KillReport = { kills: 0, midSave: 0, beforeConfig: 0, loggedAheadOfSave: 0, processes: 0 };
  while (report.kills < plan.kills) {
    const attempt = startAekit(attemptArgs(plan, runDir));
    report.processes += 1;
    const moment = plan.random.next();
    if (moment < 0.15) {
      // Any moment from the start: loading, creating the folder, the first epoch.
      await Promise.race([sleep(plan.random.next() * (STARTUP_MS + plan.trainingMs)), attempt.exited]);
    } else {
      // Once this process trains (status.json carries its pid): at a save, or at a random moment.
      await until(() => statusOf(runDir)?.pid === attempt.pid, attempt.exited);
      if (moment < 0.6) {
        // The saves of a later epoch than the first, now and then: a resume then continues from a checkpoint.
        const after = Math.floor(plan.random.next() * 4);
        await until(() => (statusOf(runDir)?.epochsDone ?? 0) >= after, attempt.exited);
        await Promise.race([saveSeen(runDir, attempt.exited), sleep(plan.trainingMs * 2)]);
      }
      else {
        // Within what is left of the run: a resumed attempt has fewer epochs to go.
        const status = statusOf(runDir);
        const left = status?.epochs ? Math.max(0.1, 1 - (status.epochsDone ?? 0) / status.epochs) : 1;
        await Promise.race([sleep(plan.random.next() * plan.trainingMs * left), attempt.exited]);
      }
    }
    const finishedFirst = await Promise.race([attempt.exited.then(() => true), sleep(0).then(() => false)]);
    if (finishedFirst) {
      const code = await attempt.exited;
      if (code !== 0) throw new Error(`attempt failed with exit code ${code}: ${attempt.stderr()}`);
      return report;
    }
    attempt.kill();
    await attempt.exited;
    report.kills += 1;
    // Killed after it marked the run completed, on its way out: nothing is left to resume.
    if (statusOf(runDir)?.state === 'completed') return report;
    if (await saveLeftovers(runDir)) report.midSave += 1;
    const saved = await savedEpochs(runDir);
    if (saved >= 1 && (await csvRows(runDir)) > saved) report.loggedAheadOfSave += 1;
    if (!existsSync(path.join(runDir, 'config.json'))) report.beforeConfig += 1;
  }
  const last = startAekit(attemptArgs(plan, runDir));
  report.processes += 1;
  const code = await last.exited;
  if (code !== 0) throw new Error(`the final resume failed with exit code ${code}: ${last.stderr()}`);
  return report;
}

/** What an interrupted run may not leave behind once it completed. */
export async function leftoversIn(runDir: string): Promise<string[]> {
  const names = await fs.readdir(runDir, { recursive: true });
  return names.filter((name) => /\.tmp-|\.previous|run\.lock/.test(name));
}
