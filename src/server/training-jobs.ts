/**
 * Training runs started from the browser: each is an `aekit train` child process, spawned with
 * an argument array (never a shell string), watched until it exits and stoppable with SIGTERM
 * (the trainer then saves the last completed epoch and marks the run 'stopped'). At most
 * `maxJobs` run at once (default one per two cores: each trainer uses every core it is given);
 * a request beyond that is refused with 429 and says how many run and how to change the limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpError } from './http-util.js';
import { newRunId, trainArgs, type TrainRequest } from './train-request.js';

export interface JobInfo {
  runId: string;
  pid: number | undefined;
  running: boolean;
  exitCode: number | null;
  signal: string | null;
  /** The child's last stderr lines (its error message when it failed). */
  stderrTail: string;
  request: TrainRequest;
}

interface Job {
  info: JobInfo;
  child: ChildProcess;
  exited: Promise<void>;
}

const STDERR_TAIL_CHARS = 4000;

export interface TrainingJobsOptions {
  runsDir: string;
  /** bin/aekit.js of this checkout. */
  cliPath: string;
  /** Passed to the child as AEKIT_DATA_DIR when set. */
  dataDir?: string;
  /** Training jobs allowed at once (default `defaultMaxJobs()`). */
  maxJobs?: number;
}

/** One training job per two cores, at least one. */
export function defaultMaxJobs(): number {
  return Math.max(1, Math.floor(os.availableParallelism() / 2));
}

export class TrainingJobs {
  private readonly jobs = new Map<string, Job>();
  readonly maxJobs: number;

  constructor(private readonly options: TrainingJobsOptions) {
    this.maxJobs = options.maxJobs ?? defaultMaxJobs();
    if (!Number.isInteger(this.maxJobs) || this.maxJobs < 1) throw new Error(`maxJobs (--max-jobs) must be a whole number >= 1, got ${this.maxJobs}`);
  }

  start(request: TrainRequest): JobInfo {
    const running = [...this.jobs.values()].filter((job) => job.info.running).length;
    if (running >= this.maxJobs) {
      throw new HttpError(429, `training: ${running} job${running === 1 ? '' : 's'} already running, the most this dashboard runs at once (aekit serve --max-jobs ${this.maxJobs}); wait for one to finish or stop it`);
    }
    const runId = newRunId(request, new Date(), (id) => this.jobs.has(id) || existsSync(path.join(this.options.runsDir, id)));
    const args = trainArgs(this.options.cliPath, path.resolve(this.options.runsDir), request, runId);
    const env = { ...process.env, ...(this.options.dataDir ? { AEKIT_DATA_DIR: path.resolve(this.options.dataDir) } : {}) };
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env, shell: false });
    const info: JobInfo = { runId, pid: child.pid, running: true, exitCode: null, signal: null, stderrTail: '', request };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      info.stderrTail = (info.stderrTail + text).slice(-STDERR_TAIL_CHARS);
    });
    const exited = new Promise<void>((resolve) => {
      child.on('error', (error) => {
        info.stderrTail += `\n${error.message}`;
        info.running = false;
        resolve();
      });
      child.on('exit', (code, signal) => {
        info.running = false;
        info.exitCode = code;
        info.signal = signal;
        resolve();
      });
    });
    this.jobs.set(runId, { info, child, exited });
    return { ...info };
  }

  /** SIGTERM to a run this server started; 404 for any other run. */
  stop(runId: string): JobInfo {
    const job = this.jobs.get(runId);
    if (!job) throw new HttpError(404, `run '${runId}': not started by this server, so it cannot be stopped from here`);
    if (job.info.running) job.child.kill('SIGTERM');
    return { ...job.info };
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((job) => ({ ...job.info }));
  }

  /** Resolves when the run's process has exited. */
  async waitFor(runId: string): Promise<JobInfo> {
    const job = this.jobs.get(runId);
    if (!job) throw new Error(`run '${runId}': no such job`);
    await job.exited;
    return { ...job.info };
  }

  /** Stops every running job and waits for them (server shutdown). */
  async stopAll(): Promise<void> {
    for (const job of this.jobs.values()) if (job.info.running) job.child.kill('SIGTERM');
    await Promise.all([...this.jobs.values()].map((job) => job.exited));
  }
}
