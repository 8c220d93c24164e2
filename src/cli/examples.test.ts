/**
 * Every example in the README and in every command's --help runs, so the docs cannot drift from
 * the code. Each runs as a real `aekit` process in a fresh folder, in the order written (earlier
 * lines make the runs later ones use), changed only where a test must: at most EXAMPLE_LIMIT
 * samples, one epoch, port 0, no download; the changes are printed as diagnostics. The first
 * example of each command also gets --json and must print exactly one JSON object on stdout.
 * The README's demo runs as written and must reach the promised test MSE.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildProgram } from './main.js';
import { AEKIT_BIN } from '../../testing/support/cli.js';
import { missing, REPO_ROOT } from '../../testing/support/datasets.js';
import { helpExamples, readmeExamples, rewriteForTest, writeExampleFiles, type Example } from '../../testing/support/cli-examples.js';
import { decodePng } from '../../testing/support/viz.js';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `aekit ...args` in `cwd`; the dashboard is stopped once it has said where it listens. */
function run(args: string[], cwd: string): Promise<Ran> {
  const env = { ...process.env };
  delete env['AEKIT_DATA_DIR'];
  const child = spawn(process.execPath, [AEKIT_BIN, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const serving = args[0] === 'serve';
  // One SIGTERM, once: a second signal during shutdown would kill the dashboard mid-close.
  let stopSent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (serving && !stopSent && /http:\/\/|"url"/.test(stdout) && (!args.includes('--json') || /\}\s*$/.test(stdout))) {
      stopSent = true;
      child.kill('SIGTERM');
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const program = buildProgram();

function takesFlag(command: string): (flag: string) => boolean {
  const found = program.commands.find((c) => c.name() === command);
  return (flag) => found?.options.some((o) => o.long === flag) ?? false;
}

/** Why an example cannot run here (a dataset or a file it reads is missing), or undefined. */
function cannotRun(example: Example, unavailable: Map<string, string>): string | undefined {
  if (example.args.includes('fashion-mnist')) {
    const why = missing('fashion-mnist');
    if (why) return why;
  }
  for (const [file, why] of unavailable) if (example.args.includes(file)) return `${file}: ${why}`;
  return undefined;
}

/** Runs examples in order in one fresh folder; `withJson` says which get --json appended. */
async function runExamples(t: TestContext, examples: Example[], withJson: (example: Example, index: number) => boolean): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-examples-'));
  try {
    const unavailable = await writeExampleFiles(dir);
    const done = new Set<string>();
    for (const [index, example] of examples.entries()) {
      const skip = cannotRun(example, unavailable);
      if (skip) {
        t.diagnostic(`skipped (${example.source}): aekit ${example.line}: ${skip}`);
        continue;
      }
      const { args, changes } = rewriteForTest(example.args, takesFlag(example.args[0]!));
      const key = args.join(' ');
      // The same line twice (README and --help, or two --helps) would clash on its run folder.
      if (done.has(key)) continue;
      done.add(key);
      const json = withJson(example, index);
      if (json) changes.push('+--json (checks the one JSON object)');
      const ran = await run(json ? [...args, '--json'] : args, dir);
      const shown = `${example.line}${changes.length ? `  [test: ${changes.join('; ')}]` : ''}`;
      t.diagnostic(`${example.source}: ${shown}`);
      assert.equal(ran.code, 0, `${example.source}: ${shown}\nexit ${ran.code}\n${ran.stderr}`);
      if (json) {
        const parsed: unknown = JSON.parse(ran.stdout);
        assert.ok(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), `${shown}: stdout is one JSON object`);
      }
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const skip = missing('mnist');

test("every example of every command's --help runs; the first of each prints one JSON object with --json", { skip }, async (t) => {
  const examples = program.commands.filter((c) => c.name() !== 'help').flatMap((c) => helpExamples(c));
  // Training examples first: they make the runs (my-run, vae, ones-only, my-table) the others use.
  const ordered = [...examples.filter((e) => e.args[0] === 'train' && !e.args.includes('--resume')), ...examples.filter((e) => !(e.args[0] === 'train' && !e.args.includes('--resume')))];
  const firsts = new Set(program.commands.map((c) => examples.find((e) => e.args[0] === c.name() && e.source === `aekit ${c.name()} --help`)));
  await runExamples(t, ordered, (example) => firsts.has(example));
});

test('every aekit line of the README runs, in order', { skip }, async (t) => {
  const readme = await fs.readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const examples = readmeExamples(readme).filter((e) => e.args[0] !== 'demo');
  assert.ok(examples.length >= 20, `the README's command lines: found ${examples.length}`);
  await runExamples(t, examples, () => false);
});

test('the demo, as the README runs it: test MSE <= 0.025 on all of MNIST, the reconstructions written, three next commands', { skip }, async (t) => {
  const readme = await fs.readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
  assert.ok(readmeExamples(readme).some((e) => e.line === 'npm run demo'), 'the quick start runs the demo');
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-demo-'));
  try {
    const started = Date.now();
    const ran = await run(['demo', '--json'], dir);
    assert.equal(ran.code, 0, ran.stderr);
    const result = JSON.parse(ran.stdout) as { testMse: number; reconstructions: string; next: string[]; seconds: number; engine: string };
    t.diagnostic(`demo: test MSE ${result.testMse.toFixed(4)} in ${((Date.now() - started) / 1000).toFixed(1)} s (engine ${result.engine})`);
    assert.ok(result.testMse <= 0.025, `test MSE ${result.testMse}`);
    const png = decodePng(await fs.readFile(path.join(dir, result.reconstructions)));
    assert.ok(png.width > 500 && png.height > 100, `${result.reconstructions}: ${png.width}x${png.height}`);
    assert.equal(result.next.length, 3);
    for (const next of result.next) assert.match(next, /^aekit (report|serve|train) /);
    assert.ok(existsSync(path.join(dir, result.next[0]!.split(' ')[2]!, 'config.json')), 'the suggested report is of the demo run');
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
