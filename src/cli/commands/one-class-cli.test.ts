/**
 * One-class and out-of-distribution detection from the command line, and a detector trained on
 * a CSV: `aekit train --normal-class`, `aekit detect` (the run's normal class by default,
 * --ood-dataset, --split all on a new CSV), checked against the library on the same model.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../../backend/select.js';
import { loadDataset, parseCsvMatrix } from '../../data/index.js';
import { datasetSamples, onlyClass } from '../../data/samples.js';
import { loadAutoencoder } from '../../io/model-io.js';
import { modelSamples } from '../../models/input-scaling.js';
import { anomalyScores } from '../../applications/anomaly.js';
import { evaluateLoss } from '../../training/trainer.js';
import { readRunConfig } from '../../training/run.js';
import { runAekit, type CliResult } from '../../../testing/support/cli.js';
import { sklearnCsv } from '../../../testing/support/sklearn-data.js';

let dir = '';
const ones = () => path.join(dir, 'runs', 'ones');

function aekit(...args: string[]): Promise<CliResult> {
  return runAekit(args, dir);
}

before(async () => {
  await initBackend({ backend: 'auto' });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-one-class-'));
  const trained = await aekit('train', '--model', 'dense', '--normal-class', '1', '--limit', '3000', '--epochs', '3', '--batch-size', '32', '--lr', '0.002', '--seed', '1', '--patience', '0', '--name', 'ones', '--no-download');
  assert.equal(trained.code, 0, trained.stderr);
});

after(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test('train --normal-class 1 trains and validates on the 1s only, and says so in config.json', async () => {
  const config = await readRunConfig(ones());
  assert.equal(config.normalClass, 1);
  assert.equal(config.scale, 'none');
  // The last val_loss is the final model's loss on the test split's 1s, not on every digit.
  const metrics = JSON.parse(await fs.readFile(path.join(ones(), 'metrics.json'), 'utf8')) as { metrics: { val_loss: number[] } };
  const { autoencoder } = await loadAutoencoder(path.join(ones(), 'last'));
  const testOnes = onlyClass(datasetSamples(await loadDataset('mnist', 'test', { limit: 3000 }), [784]), 1);
  const expected = (await evaluateLoss(autoencoder, testOnes, 128)).loss!;
  assert.ok(Math.abs(metrics.metrics.val_loss.at(-1)! - expected) < 1e-5, `val_loss ${metrics.metrics.val_loss.at(-1)} vs loss on the 1s ${expected}`);
});

test('detect uses the run\'s normal class: ROC-AUC, PR-AUC, threshold, precision and recall, printed and as JSON', async () => {
  const json = await aekit('detect', '--model', ones(), '--limit', '1000', '--json');
  assert.equal(json.code, 0, json.stderr);
  const summary = JSON.parse(json.stdout) as Record<string, number>;
  assert.equal(summary['normalClass'], 1);
  assert.equal(summary['samples'], 1000);
  assert.ok(summary['rocAuc']! > 0.95, `one-class ROC-AUC ${summary['rocAuc']}`);
  for (const key of ['averagePrecision', 'threshold', 'precision', 'recall']) assert.equal(typeof summary[key], 'number', key);
  // The library on the same model and data gives the same threshold (contamination 0.1 of the scores).
  const { autoencoder } = await loadAutoencoder(path.join(ones(), 'best'));
  const scores = await anomalyScores(autoencoder, modelSamples(autoencoder, await loadDataset('mnist', 'test', { limit: 1000 })));
  const sorted = Float64Array.from(scores).sort();
  const position = 0.9 * (sorted.length - 1);
  const threshold = sorted[Math.floor(position)]! + (sorted[Math.ceil(position)]! - sorted[Math.floor(position)]!) * (position - Math.floor(position));
  assert.ok(Math.abs(summary['threshold']! - threshold) < 1e-6 * threshold, `threshold ${summary['threshold']} vs ${threshold}`);
  const text = await aekit('detect', '--model', ones(), '--limit', '1000');
  assert.match(text.stdout, /normal: class 1 of mnist; anomalies: every other class\nthreshold \(contamination\): .*\nROC-AUC 0\.9\d+  PR-AUC \(average precision\) 0\.\d+  precision [01]\.\d+  recall [01]\.\d+/);
});

test('detect --ood-dataset fashion-mnist: MNIST 1s against Fashion-MNIST clothes', async (t) => {
  if (!existsSync('/usr/share/datasets/fashion-mnist')) return t.skip("Debian's dataset-fashion-mnist is not installed");
  const { stdout, code, stderr } = await aekit('detect', '--model', ones(), '--ood-dataset', 'fashion-mnist', '--limit', '500', '--json', '--no-download');
  assert.equal(code, 0, stderr);
  const summary = JSON.parse(stdout) as Record<string, number | string>;
  // The 1s among the first 500 MNIST test digits, then 500 Fashion-MNIST test images.
  const mnistOnes = (await loadDataset('mnist', 'test', { limit: 500 })).labels!.filter((l) => l === 1).length;
  assert.deepEqual([summary['samples'], summary['outOfDistribution'], summary['oodDataset']], [mnistOnes + 500, 500, 'fashion-mnist']);
  assert.ok((summary['rocAuc'] as number) > 0.95, `OOD ROC-AUC ${summary['rocAuc']}`);
  const streamed = await aekit('detect', '--model', ones(), '--ood-dataset', 'fashion-mnist', '--stream');
  assert.notEqual(streamed.code, 0, streamed.stderr);
  assert.match(streamed.stderr, /option --ood-dataset: scores two datasets in memory; drop --stream/);
});

test('a detector trained on a CSV from the CLI scores a new CSV with the library\'s numbers', async (t) => {
  const csv = await sklearnCsv('breast_cancer', dir);
  if ('skip' in csv) return t.skip(csv.skip);
  const lines = (await fs.readFile(csv.file, 'utf8')).trimEnd().split('\n');
  await fs.writeFile(path.join(dir, 'old.csv'), `${lines.slice(0, 456).join('\n')}\n`);
  await fs.writeFile(path.join(dir, 'new.csv'), `${[lines[0], ...lines.slice(456)].join('\n')}\n`);
  const trained = await aekit('train', '--model', 'dense', '-o', 'hidden=[16]', '-o', 'codeSize=4', '--dataset', 'old.csv', '--label-column', 'label', '--normal-class', '0', '--epochs', '40', '--batch-size', '16', '--validation', '0.1', '--seed', '2', '--patience', '0', '--name', 'table');
  assert.equal(trained.code, 0, trained.stderr);
  const run = path.join(dir, 'runs', 'table');
  const config = await readRunConfig(run);
  // The run keeps its header's feature names (label left out), so new data is read by them.
  const featureNames = lines[0]!.split(',').slice(0, 30);
  assert.deepEqual([config.scale, config.csv, config.normalClass, config.modelSpec.inputScaling?.kind], ['minmax', { labelColumn: 'label', featureNames }, 0, 'minmax']);

  // The run's CSV options and normal class carry over; --split all scores every new row.
  const detected = await aekit('detect', '--model', run, '--dataset', 'new.csv', '--split', 'all', '--out', 'scores.csv', '--json');
  assert.equal(detected.code, 0, detected.stderr);
  const summary = JSON.parse(detected.stdout) as Record<string, number>;
  assert.equal(summary['samples'], 114);
  assert.ok(summary['rocAuc']! > 0.85, `breast cancer ROC-AUC from the CLI ${summary['rocAuc']}`);
  const written = parseCsvMatrix(await fs.readFile(path.join(dir, 'scores.csv'), 'utf8'), 'scores.csv');
  const { autoencoder } = await loadAutoencoder(path.join(run, 'best'));
  const library = await anomalyScores(autoencoder, modelSamples(autoencoder, await loadDataset(path.join(dir, 'new.csv'), 'test', { csv: { labelColumn: 'label' } })));
  library.forEach((s, i) => assert.ok(Math.abs(written.data[i * written.cols + 1]! - s) <= 1e-6 * Math.max(1, s), `row ${i}: CLI ${written.data[i * written.cols + 1]}, library ${s}`));
});

test('bad one-class and CSV options are refused before any work', async () => {
  const noClass = await aekit('train', '--model', 'dense', '--normal-class', '12', '--limit', '200', '--epochs', '1', '--name', 'none', '--no-download');
  assert.equal(noClass.code, 1);
  assert.match(noClass.stderr, /normal class 12: no samples have this label/);
  assert.ok(!existsSync(path.join(dir, 'runs', 'none')), 'no run folder is left behind');
  const builtinAll = await aekit('detect', '--model', ones(), '--split', 'all');
  assert.notEqual(builtinAll.code, 0);
  assert.match(builtinAll.stderr, /option --split: 'all' is for a user's file; the builtin dataset mnist is judged on its test split/);
  const badColumns = await aekit('detect', '--model', ones(), '--columns', 'a,,b');
  assert.notEqual(badColumns.code, 0);
  assert.match(badColumns.stderr, /option --columns: expected comma-separated column names or indices, got 'a,,b'/);
  const badScale = await aekit('train', '--scale', 'log');
  assert.notEqual(badScale.code, 0);
  assert.match(badScale.stderr, /option '--scale <kind>' argument 'log' is invalid\. Allowed choices are none, minmax, standard/);
});
