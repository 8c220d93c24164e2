/**
 * Test-only: run the real `aekit` command (bin/aekit.js, built dist) as a user would, and
 * collect what it printed and its exit code, whether it succeeded or failed.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './datasets.js';

const run = promisify(execFile);

export const AEKIT_BIN = path.join(REPO_ROOT, 'bin', 'aekit.js');

export interface CliResult {
  stdout: string;
  stderr: string;
  code: number;
}

export async function runAekit(args: string[], cwd: string): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [AEKIT_BIN, ...args], { cwd, maxBuffer: 64 << 20 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}
