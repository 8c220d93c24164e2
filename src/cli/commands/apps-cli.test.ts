/**
 * The application commands end to end: `node bin/aekit.js evaluate | encode | detect | report`
 * on a small model trained here on MNIST '1's and saved as a run folder.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { initBackend } from '../../backend/select.js';
import { loadDataset, parseCsvMatrix, readNpy } from '../../data/index.js';
import { buildModel } from '../../models/registry.js';
import { saveAutoencoder } from '../../io/model-io.js';
import { fit } from '../../training/trainer.js';
import { datasetSamples, type SampleSet } from '../../data/samples.js';
import { runAekit, type CliResult } from '../../../testing/support/cli.js';
import { missing, realDatasetDir } from '../../../testing/support/datasets.js';
import { evaluateReconstruction } from '../../evaluation/reconstruction.js';
import { rocAuc } from '../../evaluation/ranking.js';
import { encodeAll } from '../../models/inference.js';
import { onlyClass } from '../../applications/detection.js';

const skip = missing('mnist');
const MNIST = skip ? '' : realDatasetDir('mnist');
const DATA = ['--data-dir', MNIST, '--no-download'];
let dir = '';
let runDir = '';
let test100: SampleSet;

function aekit(...args: string[]): Promise<CliResult> {
  return runAekit(args, dir);
}

before(async () => {
  if (skip) return;
  await initBackend({ backend: 'auto' });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-apps-'));
  runDir = path.join(dir, 'run');
  const train = datasetSamples(await loadDataset('mnist', 'train', { dataDir: MNIST, limit: 3000 }), [784]);
  test100 = datasetSamples(await loadDataset('mnist', 'test', { dataDir: MNIST, limit: 100 }), [784]);
  const model = buildModel('dense', { seed: 3 });
  const history = await fit(model, onlyClass(train, 1), { epochs: 3, batchSize: 32, seed: 3, learningRate: 2e-3 });
  await saveAutoencoder(model, path.join(runDir, 'best'));
  await fs.writeFile(path.join(runDir, 'config.json'), JSON.stringify({ dataset: 'mnist', dataDir: MNIST, seed: 3, createdAt: 'test' }));
  await fs.writeFile(path.join(runDir, 'metrics.json'), JSON.stringify(history));
});

after(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test('evaluate --json prints the library metrics, with the PCA baseline', { skip }, async () => {
  const { stdout, code, stderr } = await aekit('evaluate', '--model', runDir, ...DATA, '--limit', '100', '--pca-samples', '300', '--json', '--backend', 'cpu');
  assert.equal(code, 0, stderr);
  const printed = JSON.parse(stdout) as Record<string, number> & { pca: Record<string, number> };
  const { autoencoder } = await (await import('../../io/model-io.js')).loadAutoencoder(path.join(runDir, 'best'));
  // --limit bounds the PCA's training samples too: 100, not the 300 asked for.
  const train = datasetSamples(await loadDataset('mnist', 'train', { dataDir: MNIST, limit: 100 }), [784]);
  const expected = await evaluateReconstruction(autoencoder, test100, { pcaBaseline: { train } });
  for (const key of ['mse', 'sse', 'bce', 'psnr', 'ssim'] as const) {
    assert.ok(Math.abs(printed[key]! - expected[key]) < 1e-4 * Math.max(1, Math.abs(expected[key])), `${key}: ${printed[key]} vs ${expected[key]}`);
    assert.ok(Math.abs(printed.pca[key]! - expected.pca![key]) < 1e-4 * Math.max(1, Math.abs(expected.pca![key])), `pca ${key}`);
  }
  assert.equal(printed.pca.components, 32);
  assert.equal(printed.pca.fittedOn, 100);
  const table = await aekit('evaluate', '--model', runDir, ...DATA, '--limit', '100', '--no-pca');
  assert.match(table.stdout, /sum of squared errors per image/);
});

test('encode writes .npy and labelled .csv codes that read back; --probe compares features', { skip }, async () => {
  assert.equal((await aekit('encode', '--model', runDir, ...DATA, '--limit', '100', '--out', 'codes.npy', '--plot', 'codes.png')).code, 0);
  const { autoencoder } = await (await import('../../io/model-io.js')).loadAutoencoder(path.join(runDir, 'best'));
  const expected = await encodeAll(autoencoder, test100);
  const npy = readNpy(await fs.readFile(path.join(dir, 'codes.npy')), 'codes.npy');
  assert.deepEqual(npy.shape, [100, 32]);
  for (let i = 0; i < npy.data.length; i++) assert.ok(Math.abs(npy.data[i]! - expected.data[i]!) < 1e-5);
  assert.ok(PNG.sync.read(await fs.readFile(path.join(dir, 'codes.png'))).width > 100);
  assert.equal((await aekit('encode', '--model', runDir, ...DATA, '--limit', '100', '--out', 'codes.csv')).code, 0);
  const csv = parseCsvMatrix(await fs.readFile(path.join(dir, 'codes.csv'), 'utf8'), 'codes.csv');
  assert.equal(csv.rows, 100);
  assert.equal(csv.header?.at(-1), 'label');
  assert.deepEqual(Array.from({ length: 100 }, (_, n) => csv.data[n * 33 + 32]), Array.from(test100.labels!));
  const probe = await aekit('encode', '--model', runDir, ...DATA, '--probe', '--probe-train', '600', '--probe-test', '100', '--json');
  assert.equal(probe.code, 0, probe.stderr);
  const scores = (JSON.parse(probe.stdout) as { scores: { features: string; knn: number; linearProbe: number; dim: number }[] }).scores;
  assert.deepEqual(scores.map((s) => [s.features, s.dim]), [['codes', 32], ['pixels', 784], ['pca', 32]]);
  // kNN on raw MNIST pixels with 600 references is far above chance (0.1).
  const pixels = scores.find((s) => s.features === 'pixels')!;
  assert.ok(pixels.knn > 0.6 && pixels.linearProbe > 0.6, JSON.stringify(pixels));
});

test("detect --normal-class 1: scores CSV round-trips and the printed ROC-AUC matches it", { skip }, async () => {
  const result = await aekit('detect', '--model', runDir, ...DATA, '--limit', '300', '--normal-class', '1', '--threshold-method', 'percentile', '--percentile', '95', '--train-limit', '2000', '--out', 'scores.csv', '--json');
  assert.equal(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stdout) as { rocAuc: number; flagged: number; samples: number };
  const csv = parseCsvMatrix(await fs.readFile(path.join(dir, 'scores.csv'), 'utf8'), 'scores.csv');
  assert.deepEqual(csv.header, ['index', 'score', 'anomaly', 'label', 'is_anomaly']);
  assert.equal(csv.rows, 300);
  const scores = Array.from({ length: 300 }, (_, n) => csv.data[n * 5 + 1]!);
  const truth = Array.from({ length: 300 }, (_, n) => csv.data[n * 5 + 4] === 1);
  assert.ok(Math.abs(rocAuc(scores, truth) - summary.rocAuc) < 1e-6);
  assert.ok(summary.rocAuc > 0.9, `trained on 1s, other digits must score higher: AUC ${summary.rocAuc}`);
  assert.equal(summary.flagged, Array.from({ length: 300 }, (_, n) => csv.data[n * 5 + 2]!).reduce((a, b) => a + b, 0));
});

test('report writes one HTML page with every section and decodable images, and Markdown beside it', { skip }, async () => {
  const result = await aekit('report', runDir, '--limit', '50', '--out', 'report.html');
  assert.equal(result.code, 0, result.stderr);
  const html = await fs.readFile(path.join(dir, 'report.html'), 'utf8');
  for (const id of ['summary', 'curves', 'grids', 'metrics', 'pca', 'denoising', 'generation']) assert.match(html, new RegExp(`<section id="${id}">`));
  assert.match(html, /PCA-32/);
  assert.match(html, /dense_1|encoder_dense|code \(Dense\)/);
  const figures = [...html.matchAll(/<figure role="img"[^>]*><svg [^>]*width="(\d+)" height="(\d+)"/g)];
  assert.ok(figures.length >= 7, `expected at least 7 figures, found ${figures.length}`);
  const md = await fs.readFile(path.join(dir, 'report.md'), 'utf8');
  assert.match(md, /## Test metrics/);
  assert.ok(!md.includes('base64'), 'the Markdown links its figures instead of inlining them');
  const linked = [...md.matchAll(/!\[[^\]]*\]\((report-figures\/[^)]+\.png)\)/g)].map((m) => m[1]!);
  assert.equal(linked.length, figures.length, 'the same figures in both');
  for (const [i, file] of linked.entries()) {
    const png = PNG.sync.read(await fs.readFile(path.join(dir, file)));
    assert.deepEqual([png.width, png.height], [Number(figures[i]![1]), Number(figures[i]![2])], file);
  }
  assert.match(html, /dense: loss per epoch/, 'the loss chart is titled by the model, not by its file');
  assert.ok(!html.includes('src="http') && !html.includes('<script src'), 'self-contained');
});

test('bad inputs get one clear line', { skip }, async () => {
  const model = buildModel('dense', { inputShape: [100], options: { codeSize: 4 } });
  await saveAutoencoder(model, path.join(dir, 'small'));
  const mismatch = await aekit('evaluate', '--model', path.join(dir, 'small'), ...DATA, '--limit', '10');
  assert.equal(mismatch.code, 1);
  assert.match(mismatch.stderr, /^aekit: .*784 values\) do not fit a model input of shape \[100\]/);
  const format = await aekit('encode', '--model', runDir, ...DATA, '--limit', '10', '--out', 'codes.txt');
  assert.match(format.stderr, /codes\.txt: unknown output format '\.txt': expected a \.npy or \.csv file/);
  const method = await aekit('detect', '--model', runDir, ...DATA, '--threshold-method', 'median');
  assert.notEqual(method.code, 0);
  assert.match(method.stderr, /median.*(contamination|Allowed choices)/s);
  const nothing = await aekit('encode', '--model', runDir);
  assert.match(nothing.stderr, /nothing to do/);
  const noRun = await aekit('report', path.join(dir, 'nope'));
  assert.match(noRun.stderr, /nope.*config\.json.*no such file/);
});
