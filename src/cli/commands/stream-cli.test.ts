/**
 * `aekit encode --stream` and `aekit detect --stream` end to end (`node bin/aekit.js ...`) on a
 * small dense model trained here on MNIST '1's: the same files and numbers as the in-memory
 * commands, and a streamed pass over all 60,000 training images in bounded memory.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../../backend/select.js';
import { loadDataset, parseCsvMatrix, readNpy } from '../../data/index.js';
import { buildModel } from '../../models/registry.js';
import { saveAutoencoder } from '../../io/model-io.js';
import { fit } from '../../training/trainer.js';
import { datasetSamples } from '../../data/samples.js';
import { runAekit, type CliResult } from '../../../testing/support/cli.js';
import { missing, REPO_ROOT, realDatasetDir } from '../../../testing/support/datasets.js';
import { onlyClass } from '../../applications/detection.js';

const BIN = path.join(REPO_ROOT, 'bin', 'aekit.js');
const skip = missing('mnist');
const MNIST = skip ? '' : realDatasetDir('mnist');
const DATA = ['--data-dir', MNIST, '--no-download'];
const MB = 1024 * 1024;
/** The stated bound: the streamed 60,000-image pass peaks less than this above the same command on 500 images. */
const STREAM_BOUND = 100 * MB;
/** 60,000 x 784 float32 pixels: what holding the training set costs on its own. */
const FULL_SET_FLOATS = 60000 * 784 * 4;
let dir = '';
let modelDir = '';

function aekit(...args: string[]): Promise<CliResult> {
  return runAekit(args, dir);
}

async function read(file: string): Promise<Buffer> {
  return fs.readFile(path.join(dir, file));
}

before(async () => {
  if (skip) return;
  await initBackend({ backend: 'auto' });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-stream-cli-'));
  modelDir = path.join(dir, 'ones');
  const train = datasetSamples(await loadDataset('mnist', 'train', { dataDir: MNIST, limit: 2000 }), [784]);
  const model = buildModel('dense', { seed: 4 });
  await fit(model, onlyClass(train, 1), { epochs: 3, batchSize: 32, seed: 4, learningRate: 2e-3 });
  await saveAutoencoder(model, modelDir);
});

after(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test('encode --stream writes the same .npy, .csv and plot bytes as encode in memory', { skip }, async () => {
  // 700 samples: two full batches of 256 and a short one.
  const limit = ['--limit', '700'];
  for (const out of ['codes.npy', 'codes.csv']) {
    const memory = await aekit('encode', '--model', modelDir, ...DATA, ...limit, '--out', `memory-${out}`);
    const streamed = await aekit('encode', '--model', modelDir, ...DATA, ...limit, '--out', `stream-${out}`, '--stream');
    assert.equal(streamed.code, 0, streamed.stderr);
    assert.equal(memory.code, 0, memory.stderr);
    assert.deepEqual(await read(`stream-${out}`), await read(`memory-${out}`), out);
    assert.equal(streamed.stdout.replace('stream-', ''), memory.stdout.replace('memory-', ''));
  }
  // A plot keeps the streamed codes: the same picture, title and class names.
  await aekit('encode', '--model', modelDir, ...DATA, ...limit, '--plot', 'memory.png');
  assert.equal((await aekit('encode', '--model', modelDir, ...DATA, ...limit, '--plot', 'stream.png', '--stream')).code, 0);
  assert.deepEqual(await read('stream.png'), await read('memory.png'));
  const npy = readNpy(await read('stream-codes.npy'), 'codes.npy');
  assert.deepEqual(npy.shape, [700, 32]);
  assert.ok(npy.data.some((v) => v !== 0), 'the codes are not all zero');
  const csv = parseCsvMatrix((await read('stream-codes.csv')).toString('utf8'), 'codes.csv');
  assert.equal(csv.rows, 700);
  assert.deepEqual(csv.header?.slice(-2), ['code_31', 'label']);
  const labels = (await loadDataset('mnist', 'test', { dataDir: MNIST, limit: 700 })).labels!;
  assert.deepEqual(Int32Array.from({ length: 700 }, (_, n) => csv.data[n * 33 + 32]!), labels);
  for (let i = 0; i < 700 * 32; i++) assert.equal(csv.data[Math.floor(i / 32) * 33 + (i % 32)], npy.data[i]);
});

test('detect --stream gives the same scores CSV and summary as detect in memory', { skip }, async () => {
  const cases = [
    ['--threshold-method', 'contamination', '--contamination', '0.2'],
    ['--threshold-method', 'percentile', '--percentile', '95', '--train-limit', '1500'],
  ];
  for (const method of cases) {
    const args = ['detect', '--model', modelDir, ...DATA, '--limit', '600', '--normal-class', '1', ...method, '--json'];
    const memory = await aekit(...args, '--out', 'memory.csv');
    const streamed = await aekit(...args, '--out', 'stream.csv', '--stream');
    assert.equal(streamed.code, 0, streamed.stderr);
    assert.equal(memory.code, 0, memory.stderr);
    assert.deepEqual(JSON.parse(streamed.stdout), JSON.parse(memory.stdout), method.join(' '));
    assert.deepEqual(await read('stream.csv'), await read('memory.csv'), method.join(' '));
    const summary = JSON.parse(streamed.stdout) as { samples: number; rocAuc: number; flagged: number };
    assert.equal(summary.samples, 600);
    assert.ok(summary.rocAuc > 0.9, `trained on 1s, other digits score higher: AUC ${summary.rocAuc}`);
    if (method[1] === 'contamination') assert.equal(summary.flagged, 120, '20% of 600 scores lie above their 80th percentile');
  }
});

test('--stream refuses what it cannot stream with one clear line, and leaves no file', { skip }, async () => {
  const csvData = path.join(dir, 'data.csv');
  await fs.writeFile(csvData, '0,1\n1,0\n');
  const userData = await aekit('encode', '--model', modelDir, '--dataset', csvData, '--stream', '--out', 'user.npy');
  assert.equal(userData.code, 2, 'a usage error');
  assert.match(userData.stderr, /aekit: option --stream: supports the builtin datasets \(mnist, fashion-mnist\), got --dataset '.*data\.csv'.*drop --stream/);
  const format = await aekit('encode', '--model', modelDir, ...DATA, '--limit', '10', '--stream', '--out', 'codes.txt');
  assert.match(format.stderr, /codes\.txt: unknown output format '\.txt': expected a \.npy or \.csv file/);
  const vaeDir = path.join(dir, 'vae');
  await saveAutoencoder(buildModel('vae', { options: { hidden: [16], latentSize: 2 }, seed: 1 }), vaeDir);
  const vae = await aekit('detect', '--model', vaeDir, ...DATA, '--limit', '10', '--stream', '--out', 'vae.csv');
  assert.equal(vae.code, 2, 'a usage error');
  assert.match(vae.stderr, /option --stream: model 'vae' is variational \(scored by negative ELBO\)/);
  const files = await fs.readdir(dir);
  for (const name of ['user.npy', 'codes.txt', 'vae.csv']) assert.ok(!files.includes(name), name);
  assert.ok(!files.some((f) => f.includes('.tmp-')), `no temporary file left: ${files.join(', ')}`);
});

interface Measured {
  peakRss: number;
  stdout: string;
}

/** Peak RSS of `node bin/aekit.js ...args`: GNU time's figure when installed, else /proc VmHWM polled until exit. */
function measurePeakRss(args: string[]): Promise<Measured> {
  const gnuTime = existsSync('/usr/bin/time');
  const child = gnuTime
    ? spawn('/usr/bin/time', ['-v', process.execPath, BIN, ...args], { cwd: dir })
    : spawn(process.execPath, [BIN, ...args], { cwd: dir });
  let stdout = '';
  let stderr = '';
  let polled = 0;
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const poll = gnuTime
    ? undefined
    : setInterval(() => {
        // The kernel's high-water mark, so only growth in the last few milliseconds could be missed.
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readStatus(child.pid))?.[1];
        if (hwm) polled = Math.max(polled, Number(hwm) * 1024);
      }, 10);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      if (code !== 0) return reject(new Error(`aekit ${args.join(' ')} exited with ${code}: ${stderr}`));
      const reported = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      const peakRss = gnuTime ? Number(reported) * 1024 : polled;
      if (!(peakRss > 0)) return reject(new Error(`no peak RSS measured for aekit ${args.join(' ')}: ${stderr}`));
      resolve({ peakRss, stdout });
    });
  });
}

function readStatus(pid: number | undefined): string {
  try {
    return pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  } catch {
    return '';
  }
}

test('encode --stream over all 60,000 MNIST training images peaks under the 500-image run + 100 MB RSS', { skip }, async (t) => {
  const encode = (name: string, ...extra: string[]) => ['encode', '--model', modelDir, ...DATA, '--split', 'train', '--out', name, ...extra];
  // The in-memory pass is the control: it shows the bound would catch a pass that holds the split.
  const [small, streamed, inMemory] = await Promise.all([
    measurePeakRss(encode('small.npy', '--stream', '--limit', '500')),
    measurePeakRss(encode('streamed.npy', '--stream')),
    measurePeakRss(encode('in-memory.npy')),
  ]);
  t.diagnostic(
    `peak RSS: 500 images ${(small.peakRss / MB).toFixed(1)} MB, 60,000 streamed ${(streamed.peakRss / MB).toFixed(1)} MB, ` +
      `60,000 in memory ${(inMemory.peakRss / MB).toFixed(1)} MB`,
  );
  assert.match(streamed.stdout, /wrote streamed\.npy: 60000 codes of 32 values/);
  assert.ok(streamed.peakRss - small.peakRss < STREAM_BOUND, `streamed peak ${streamed.peakRss} exceeds ${small.peakRss} + 100 MB`);
  assert.ok(inMemory.peakRss - small.peakRss > FULL_SET_FLOATS, 'the in-memory control holds the whole split');
  assert.deepEqual(await read('streamed.npy'), await read('in-memory.npy'));
});
