/**
 * Test-only: the examples of the README and of every `aekit <command> --help`, parsed into
 * argument lists, changed only where a test must (small --limit, one epoch, a free port, no
 * download) with each change said, and the files they read (a CSV table, an image folder, rows
 * of MNIST, a Keras 2 file) made in the folder they run in.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { encodeNpy } from '../../src/data/npy.js';
import { loadDataset } from '../../src/data/load.js';
import { renderPng } from '../../src/viz/png.js';
import { imageGrid } from '../../src/viz/image-grid.js';
import { REPO_ROOT } from './datasets.js';
import { debianPython } from './export-fixtures.js';

/** Samples each split an example reads at most, and epochs a training example runs. */
export const EXAMPLE_LIMIT = 300;

export interface Example {
  /** Where it was found: 'README' or 'aekit train --help'. */
  source: string;
  /** As written, without the leading `aekit` and the comment. */
  line: string;
  args: string[];
}

/** A command's --help as printed, with the text added after it (the examples). */
export function commandHelp(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (s) => (text += s) });
  command.outputHelp();
  return text;
}

/** Words of a shell line (quotes group, `# ...` is a comment), without the leading `aekit`. */
export function splitCommandLine(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = undefined;
      else word = (word ?? '') + char;
    } else if (char === '"' || char === "'") {
      quote = char;
      word ??= '';
    } else if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === '#' && word === undefined) {
      break;
    } else {
      word = (word ?? '') + char;
    }
  }
  if (word !== undefined) words.push(word);
  if (words[0] !== 'aekit') throw new Error(`not an aekit command line: ${line}`);
  return words.slice(1);
}

/** The `aekit ...` lines under "Examples:" in a command's help. */
export function helpExamples(command: Command): Example[] {
  const help = commandHelp(command);
  const block = help.slice(help.indexOf('\nExamples:\n') + 1);
  return block
    .split('\n')
    .filter((l) => /^ {2}aekit /.test(l))
    .map((l) => ({ source: `aekit ${command.name()} --help`, line: l.trim(), args: splitCommandLine(l.trim()) }));
}

/** The `aekit ...` lines of the README's sh blocks, and `npm run demo` as `aekit demo`. */
export function readmeExamples(readme: string): Example[] {
  const examples: Example[] = [];
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of block[1]!.split('\n')) {
      const line = raw.trim();
      if (line.startsWith('aekit ')) examples.push({ source: 'README', line, args: splitCommandLine(line) });
      else if (/\bnpm run demo\b/.test(line)) examples.push({ source: 'README', line: 'npm run demo', args: ['demo'] });
    }
  }
  return examples;
}

export interface Rewritten {
  args: string[];
  /** What was changed and why, for the test's report. */
  changes: string[];
}

function setFlag(args: string[], flag: string, value: string, changes: string[], why: string): string[] {
  const at = args.indexOf(flag);
  if (at >= 0 && args[at + 1] === value) return args;
  changes.push(at >= 0 ? `${flag} ${args[at + 1]} -> ${value} (${why})` : `+${flag} ${value} (${why})`);
  return at >= 0 ? [...args.slice(0, at + 1), value, ...args.slice(at + 2)] : [...args, flag, value];
}

/**
 * The example as the test runs it: at most EXAMPLE_LIMIT samples, one epoch (two to resume a
 * one-epoch run), port 0 for the dashboard, never a download. `takes` tells which flags the
 * command has.
 */
export function rewriteForTest(args: string[], takes: (flag: string) => boolean): Rewritten {
  const changes: string[] = [];
  let out = [...args];
  const command = out[0];
  if (takes('--limit')) {
    const at = out.indexOf('--limit');
    if (at < 0 || Number(out[at + 1]) > EXAMPLE_LIMIT) out = setFlag(out, '--limit', String(EXAMPLE_LIMIT), changes, 'a small real subset');
  }
  if (takes('--epochs')) out = setFlag(out, '--epochs', out.includes('--resume') ? '2' : '1', changes, out.includes('--resume') ? 'one more than the run it resumes' : 'one epoch');
  if (command === 'serve') out = setFlag(out, '--port', '0', changes, 'a free port');
  if (takes('--no-download') && !out.includes('--no-download')) {
    out.push('--no-download');
    changes.push('+--no-download (tests never reach the network)');
  }
  return { args: out, changes };
}

/**
 * The files the examples read, written into `dir`: `table.csv` and `new-rows.csv` (a header, a
 * quoted field, a `class` label column), `my-images/` (MNIST digits as PNGs in class folders),
 * `rows.npy` (MNIST rows for `aekit score`) and, when Debian's python3-h5py is here, `legacy.h5`
 * (a Keras 2 model). Returns the examples' files that could not be made, with why.
 */
export async function writeExampleFiles(dir: string): Promise<Map<string, string>> {
  const unavailable = new Map<string, string>();
  const digits = await loadDataset('mnist', 'test', { limit: 60 });
  await fs.writeFile(path.join(dir, 'rows.npy'), encodeNpy(digits.images.slice(0, 50 * 784), [50, 784]));
  for (let i = 0; i < 30; i++) {
    const label = digits.labels![i]!;
    const folder = path.join(dir, 'my-images', String(label));
    await fs.mkdir(folder, { recursive: true });
    await fs.writeFile(path.join(folder, `${i}.png`), renderPng(imageGrid(digits.images.subarray(i * 784, (i + 1) * 784), [28, 28, 1], { columns: 1, scale: 1, padding: 0 })));
  }
  await fs.writeFile(path.join(dir, 'table.csv'), table(240, 1));
  await fs.writeFile(path.join(dir, 'new-rows.csv'), table(40, 2));
  const python = debianPython(['h5py', 'numpy']);
  if ('skip' in python) {
    unavailable.set('legacy.h5', python.skip);
  } else {
    const made = path.join(dir, 'keras-fixtures');
    await fs.mkdir(made);
    await fs.writeFile(path.join(made, 'digits.npy'), encodeNpy(digits.images.slice(0, 16 * 784), [16, 784]));
    execFileSync(python.python, [path.join(REPO_ROOT, 'testing', 'support', 'keras_fixtures.py'), made, path.join(made, 'digits.npy')], { stdio: 'pipe' });
    await fs.copyFile(path.join(made, 'seq_dense.h5'), path.join(dir, 'legacy.h5'));
  }
  return unavailable;
}

/** A small table: six numeric features (the first name quoted, it holds a space), a 0/1 'class' label column, CRLF line ends. */
function table(rows: number, seed: number): string {
  let state = seed * 7919;
  const next = () => ((state = (state * 48271) % 2147483647) / 2147483647);
  const lines = ['"f 1",f2,f3,f4,f5,f6,class'];
  for (let r = 0; r < rows; r++) {
    const label = r % 5 === 0 ? 1 : 0;
    const values = Array.from({ length: 6 }, (_, k) => (label ? 3 : 0) + k + next()).map((v) => v.toFixed(4));
    lines.push([...values, label].join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
