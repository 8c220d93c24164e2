/**
 * Runs the engine workers and the PyTorch script as child processes and reads back their
 * reports. Their stderr (progress) is passed through to ours; a child that dies or prints no
 * report becomes an EngineReport with the reason, never a crash of the whole bench.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RESULT_MARKER, type EngineReport, type WorkerJob } from './types.js';

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

function runChild(engine: string, command: string, args: string[]): Promise<EngineReport> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', (error) => resolve({ engine, threads: 0, detail: '', error: `cannot start ${command}: ${error.message}` }));
    child.on('close', (code, signal) => {
      const report = parseReport(stdout, engine);
      if (report) return resolve(report);
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      resolve({ engine, threads: 0, detail: '', error: `${command} ended (${how}) without a report; last output: ${stdout.trim().split('\n').slice(-3).join(' | ')}` });
    });
  });
}

export function runEngineWorker(job: WorkerJob): Promise<EngineReport> {
  const worker = fileURLToPath(new URL('./worker.js', import.meta.url));
  return runChild(job.engine, process.execPath, [worker, JSON.stringify(job)]);
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
}

function torchScript(): string {
  // dist/bench/children.js -> bench/torch_ref.py (the script is not compiled, it lives in the source tree).
  return fileURLToPath(new URL('../../bench/torch_ref.py', import.meta.url));
}

export function runTorch(job: TorchJob): Promise<EngineReport> {
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
  ];
  return runChild('pytorch', TORCH_PYTHON, args);
}

/** torch_ref.py with other arguments (--params-only, --forward-check): its whole report. */
export async function runTorchScript(args: string[]): Promise<EngineReport & Record<string, unknown>> {
  return (await runChild('pytorch', TORCH_PYTHON, [torchScript(), ...args])) as EngineReport & Record<string, unknown>;
}
