/**
 * One CLI vocabulary, checked over every registered command (including those added later):
 * --json everywhere, the shared flags (--model, --dataset, --limit, --out, --seed ...) defined
 * once in options.ts, a help group and examples for each, usage errors exit 2 with one line and
 * nothing on stdout, and a closed pipe ends quietly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Command, Option } from 'commander';
import { buildProgram, main } from './main.js';
import { isSharedOption, SHARED_FLAGS } from './options.js';
import { HELP_GROUPS } from './help-groups.js';
import { AEKIT_BIN } from '../../testing/support/cli.js';

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `aekit ...args` in this process, reading what it prints (usage errors stop before any work). */
async function runInProcess(args: string[]): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { out: { write: (text: string) => (stdout += text) }, err: { write: (text: string) => (stderr += text) } });
  return { code, stdout, stderr };
}

function commands(): Command[] {
  return buildProgram().commands.filter((c) => c.name() !== 'help');
}

/** Placeholders for a command's mandatory options and arguments, so the flag under test is what fails. */
function requiredArgs(command: Command): string[] {
  const options = command.options.filter((o) => o.mandatory && o.long).flatMap((o) => [o.long!, o.long === '--out' ? 'x.onnx' : 'x']);
  const args = command.registeredArguments.filter((a) => a.required).map(() => 'x');
  return [...args, ...options];
}

function longFlag(option: Option): string | undefined {
  return option.long ?? undefined;
}

function assertUsageError(result: Captured, what: string, pattern?: RegExp): void {
  assert.equal(result.code, 2, `${what}: exit code 2 (usage), got ${result.code}; stderr: ${result.stderr}`);
  assert.equal(result.stdout, '', `${what}: nothing on stdout`);
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0]!, /^aekit: /, what);
  if (pattern) assert.match(lines[0]!, pattern, what);
}

test('every command takes --json, has a help group and examples, and takes the shared flags from options.ts', () => {
  const all = commands();
  assert.ok(all.length >= 14, `expected the full command set, found ${all.map((c) => c.name()).join(', ')}`);
  for (const command of all) {
    const name = command.name();
    const flags = command.options.map(longFlag);
    assert.ok(flags.includes('--json'), `${name}: no --json`);
    assert.ok(HELP_GROUPS[name], `${name}: not in HELP_GROUPS (src/cli/help-groups.ts), so aekit --help lists it under 'Other commands'`);
    for (const option of command.options) {
      const flag = longFlag(option);
      if (flag && (SHARED_FLAGS as readonly string[]).includes(flag)) {
        assert.ok(isSharedOption(option), `${name} ${flag}: defined by hand; use the helper in src/cli/options.ts so it means the same everywhere`);
      }
    }
    assert.match(helpText(command), /Examples:\n {2}aekit /, `${name}: its --help has no examples`);
  }
});

/** A command's --help as printed, with the text added after it (the examples). */
function helpText(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (s) => (text += s) });
  command.outputHelp();
  return text;
}

test('aekit --help groups the commands by task', async () => {
  const help = await runInProcess(['--help']);
  assert.equal(help.code, 0);
  const headings = [...help.stdout.matchAll(/^([A-Z][^\n:]*):$/gm)].map((m) => m[1]);
  for (const group of new Set(Object.values(HELP_GROUPS))) {
    if (commands().some((c) => HELP_GROUPS[c.name()] === group)) assert.ok(headings.includes(group.slice(0, -1)), `heading '${group}' in:\n${help.stdout}`);
  }
  assert.ok(!headings.includes('Other commands'), 'every command has a group');
});

test('usage errors exit 2 with one line naming the option, for every command', async () => {
  for (const command of commands()) {
    const name = command.name();
    const flags = command.options.map(longFlag);
    assertUsageError(await runInProcess([name, ...requiredArgs(command), '--no-such-flag']), `${name} --no-such-flag`, /unknown option '--no-such-flag'/);
    if (flags.includes('--limit')) assertUsageError(await runInProcess([name, '--limit', 'abc']), `${name} --limit abc`, /option --limit: expected a whole number/);
    if (flags.includes('--seed')) assertUsageError(await runInProcess([name, '--seed', '-1']), `${name} --seed -1`, /option --seed: expected a whole number/);
    if (flags.includes('--threads')) assertUsageError(await runInProcess([name, '--threads', '0']), `${name} --threads 0`, /option --threads/);
    if (flags.includes('--backend')) assertUsageError(await runInProcess([name, '--backend', 'gpu']), `${name} --backend gpu`, /--backend.*gpu.*invalid/);
  }
});

test('--model: an unknown name, a missing folder, or a name where a trained model is needed: exit 2, one line', async () => {
  const needTrained = commands().filter((c) => c.options.some((o) => o.long === '--model') && !['train', 'summary'].includes(c.name()));
  assert.ok(needTrained.length >= 7, needTrained.map((c) => c.name()).join(', '));
  for (const command of needTrained) {
    const name = command.name();
    const outFile = path.join(os.tmpdir(), name === 'export' ? 'aekit-never-written.onnx' : 'aekit-never-written.png');
    const rest = command.options.some((o) => o.long === '--out' && o.mandatory) ? ['--out', outFile] : [];
    const extra = name === 'encode' ? ['--probe'] : [];
    assertUsageError(await runInProcess([name, '--model', 'dense', ...rest, ...extra]), `${name} --model dense`, /option --model: 'dense' names an untrained model.*aekit train --model dense/);
    assertUsageError(await runInProcess([name, '--model', '/no/such/run', ...rest, ...extra]), `${name} --model /no/such/run`, /option --model: \/no\/such\/run: no such saved model or run folder/);
  }
  assertUsageError(await runInProcess(['summary', '--model', 'dence']), 'summary --model dence', /option --model: unknown model 'dence': expected one of .*dense/);
  assertUsageError(await runInProcess(['train', '--model', 'dence']), 'train --model dence', /option --model: unknown model 'dence'/);
});

test('bad option values are refused before any work, and nothing is written', async () => {
  const runs = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-vocab-'));
  try {
    const cases: [string[], RegExp][] = [
      [['--epochs', '-1'], /option --epochs: expected a whole number from 1/],
      [['--batch-size', '0'], /option --batch-size: expected a whole number from 1/],
      [['--limit', 'abc'], /option --limit/],
      [['--lr', 'NaN'], /option --lr: expected a number > 0/],
      [['--model', 'dense', '-o', 'codeSize=-3'], /option -o \(codeSize=-3\): model 'dense': option 'codeSize' must be a whole number >= 1, got -3/],
      [['--model', 'dense', '-o', 'hidden=[512,'], /option -o hidden: '\[512,' is not valid JSON/],
      [['--model', 'dense', '-o', 'hidden=wide'], /option 'hidden' must be a list of whole numbers/],
      [['--model', 'dense', '-o', 'codeSize=big'], /option 'codeSize' must be a whole number >= 1, got "big"/],
      [['--model', 'dense', '-o', 'latentDim=2'], /unknown option 'latentDim' \(options: hidden, codeSize/],
      [['--model', 'vae', '-o', 'latentSize=0'], /option -o \(latentSize=0\)/],
      [['--validation', '1.5'], /option --validation/],
      [['--name', '../escape'], /option --name/],
    ];
    for (const [args, pattern] of cases) {
      assertUsageError(await runInProcess(['train', '--runs-dir', runs, '--epochs', '1', ...args]), `train ${args.join(' ')}`, pattern);
    }
    assert.deepEqual(await fs.readdir(runs), [], 'no run folder was created');
  } finally {
    await fs.rm(runs, { recursive: true, force: true });
  }
});

test('a closed pipe (aekit encode --help | head) ends quietly', async () => {
  const child = spawn(process.execPath, [AEKIT_BIN, 'encode', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Close the reading end before the help is written: the write meets EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(stderr, '', 'no stack trace, no message');
  assert.equal(code, 0);
});
