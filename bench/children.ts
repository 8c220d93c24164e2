/**
 * Runs the engine workers and the PyTorch script as child processes and reads back their
 * reports. Their stderr (progress) is passed through to ours; a child that dies or prints no
 * report becomes an EngineReport with the reason, never a crash of the whole bench.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { takeTurns, type TurnTaker } from './turns.js';
import { RESULT_MARKER, TURN_MARKER, type EngineReport, type WorkerJob } from './types.js';

/** Debian's python3 (with python3-torch); the python3 first on PATH may be another one. */
export const TORCH_PYTHON = '/usr/bin/python3';

/** The report in a child's stdout: the last line starting with RESULT_MARKER. */
export function parseReport(stdout: string, engine: string): EngineReport | undefined {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith(RESULT_MARKER));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice(RESULT_MARKER.length)) as EngineReport;
  } catch (error) {
    return { engine, threads: 0, detail: '', error: `unreadable report: ${(error as Error).message}` };
  }
}

/**
 * A worker's side of the protocol: runs the job given as argv[2] and writes its report (or the
 * error that stopped it) as the RESULT_MARKER line that parseReport reads.
 */
export async function reportWorkerJob(runJob: (job: WorkerJob) => Promise<EngineReport>): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as WorkerJob;
  let report: EngineReport;
  try {
    report = await runJob(job);
  } catch (error) {
    report = { engine: job.engine, threads: 0, detail: '', error: error instanceof Error ? error.message : String(error) };
  }
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(report)}\n`);
}

/** A child process to start; `engine` names it in its report if it prints none. */
export interface ChildCommand {
  engine: string;
  command: string;
  args: string[];
}

/**
 * One child process: its report when it ends and, for the lockstep bench, its requests for turns
 * (TURN_MARKER lines on stdout, answered on its stdin).
 */
class BenchChild implements TurnTaker {
  readonly report: Promise<EngineReport>;
  private readonly child: ChildProcess;
  private stdout = '';
  private scanned = 0;
  private requests = 0;
  private ended = false;
  private wake: (() => void) | undefined;

  constructor({ engine, command, args }: ChildCommand, turns: boolean) {
    this.child = spawn(command, args, { stdio: [turns ? 'pipe' : 'ignore', 'pipe', 'inherit'] });
    // A child that dies while we answer it: its report says so; the broken pipe is not ours to throw.
    this.child.stdin?.on('error', () => {});
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      this.scanLines();
    });
    this.report = new Promise((resolve) => {
      this.child.on('error', (error) => {
        this.end();
        resolve({ engine, threads: 0, detail: '', error: `cannot start ${command}: ${error.message}` });
      });
      this.child.on('close', (code, signal) => {
        this.end();
        const report = parseReport(this.stdout, engine);
        if (report) return resolve(report);
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        resolve({ engine, threads: 0, detail: '', error: `${command} ended (${how}) without a report; last output: ${this.stdout.trim().split('\n').slice(-3).join(' | ')}` });
      });
    });
  }

  async nextRequest(): Promise<boolean> {
    while (this.requests === 0 && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.requests === 0) return false;
    this.requests--;
    return true;
  }

  grant(): void {
    this.child.stdin?.write('go\n');
  }

  private scanLines(): void {
    for (let end = this.stdout.indexOf('\n', this.scanned); end >= 0; end = this.stdout.indexOf('\n', this.scanned)) {
      if (this.stdout.startsWith(TURN_MARKER, this.scanned)) this.requests++;
      this.scanned = end + 1;
    }
    this.wake?.();
  }

  private end(): void {
    this.ended = true;
    this.child.stdin?.end();
    this.wake?.();
  }
}

function workerCommand(job: WorkerJob): ChildCommand {
  // The browser engine measures in a Chromium page that its own driver process opens.
  const script = job.engine === 'wasm-simd-chromium' ? './browser/worker.js' : './worker.js';
  const worker = fileURLToPath(new URL(script, import.meta.url));
  // Node's own flags pass on (e.g. --experimental-wasm-relaxed-simd, for wasm-simd's relaxed build).
  return { engine: job.engine, command: process.execPath, args: [...process.execArgv, worker, JSON.stringify(job)] };
}

export function runEngineWorker(job: WorkerJob): Promise<EngineReport> {
  return new BenchChild(workerCommand(job), false).report;
}

export interface TorchJob {
  models: string[];
  threads: number;
  trainImages: string;
  testImages: string;
  batches: number;
  inferBatches: number;
  reps: number;
  testCount: number;
  qualityEpochs?: number[];
  /** Take turns with the other children of the same model (bench/turns.ts). */
  turns?: boolean;
}

function torchScript(): string {
  // dist/bench/children.js -> bench/torch_ref.py (the script is not compiled, it lives in the source tree).
  return fileURLToPath(new URL('../../bench/torch_ref.py', import.meta.url));
}

function torchCommand(job: TorchJob): ChildCommand {
  const args = [
    torchScript(),
    '--models', job.models.join(','),
    '--threads', String(job.threads),
    '--train-images', job.trainImages,
    '--test-images', job.testImages,
    '--batches', String(job.batches),
    '--infer-batches', String(job.inferBatches),
    '--reps', String(job.reps),
    '--test-count', String(job.testCount),
    ...(job.qualityEpochs ? ['--quality-epochs', job.qualityEpochs.join(',')] : []),
    ...(job.turns ? ['--turns'] : []),
  ];
  return { engine: 'pytorch', command: TORCH_PYTHON, args };
}

export function runTorch(job: TorchJob): Promise<EngineReport> {
  return new BenchChild(torchCommand(job), false).report;
}

/** An engine worker's job or PyTorch's. */
export type ChildJob = { worker: WorkerJob } | { torch: TorchJob };

/**
 * Starts every job at once and lets them take turns (bench/turns.ts): the lockstep speed bench.
 * The reports come back in the order of the jobs.
 */
export function runTakingTurns(jobs: ChildJob[]): Promise<EngineReport[]> {
  return runCommandsTakingTurns(jobs.map((job) => ('worker' in job ? workerCommand({ ...job.worker, turns: true }) : torchCommand({ ...job.torch, turns: true }))));
}

/** The same for any commands that speak the turn protocol. */
export async function runCommandsTakingTurns(commands: ChildCommand[]): Promise<EngineReport[]> {
  const children = commands.map((command) => new BenchChild(command, true));
  await takeTurns(children);
  return Promise.all(children.map((child) => child.report));
}

/** torch_ref.py with other arguments (--params-only, --forward-check): its whole report. */
export async function runTorchScript(args: string[]): Promise<EngineReport & Record<string, unknown>> {
  return (await new BenchChild({ engine: 'pytorch', command: TORCH_PYTHON, args: [torchScript(), ...args] }, false).report) as EngineReport & Record<string, unknown>;
}
