/**
 * AutoencoderDetector on real data: one-class MNIST (normal = the digit 1) and sklearn's breast
 * cancer table (normal = benign), each with ROC-AUC against a bound; save / load; and the same
 * numbers from the CLI (`aekit detect` on a new CSV) as from the library.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../backend/select.js';
import { loadDataset, parseCsvMatrix } from '../data/index.js';
import { datasetSamples, onlyClass } from '../data/samples.js';
import type { ImageDataset } from '../data/types.js';
import { rocAuc } from '../evaluation/ranking.js';
import { runAekit } from '../../testing/support/cli.js';
import { sklearnCsv } from '../../testing/support/sklearn-data.js';
import { AutoencoderDetector } from './detector.js';
import * as tf from '@tensorflow/tfjs-core';
import { outlierProbabilities, summarizeScores } from './threshold.js';

let dir = '';

before(async () => {
  await initBackend({ backend: 'auto' });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-detector-'));
});

after(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

/** Rows [from, to) of a dataset, as a dataset. */
function rows(dataset: ImageDataset, from: number, to: number): ImageDataset {
  const size = dataset.images.length / dataset.count;
  return { ...dataset, count: to - from, images: dataset.images.slice(from * size, to * size), labels: dataset.labels!.slice(from, to) };
}

test('one-class MNIST: trained on 1s, the other digits score higher (ROC-AUC > 0.97); PyOD attributes hold', async () => {
  const train = onlyClass(datasetSamples(await loadDataset('mnist', 'train', { limit: 3000 }), [28, 28, 1]), 1);
  const testSet = await loadDataset('mnist', 'test', { limit: 1000 });
  const detector = new AutoencoderDetector({ model: 'dense', scale: 'none', epochs: 8, batchSize: 32, seed: 1, contamination: 0.05 });
  await detector.fit({ data: train.data, shape: [train.count, 28, 28, 1] });

  const scores = await detector.decisionFunction(testSet);
  const auc = rocAuc(scores, Uint8Array.from(testSet.labels!, (l) => (l === 1 ? 0 : 1)));
  assert.ok(auc > 0.97, `one-class MNIST ROC-AUC ${auc.toFixed(4)}`);

  // threshold_ is the 95th percentile of the training scores, so 5% of them (rounded) lie above it.
  const above = detector.labels_!.reduce((a, b) => a + b, 0);
  assert.equal(detector.decisionScores_!.length, train.count);
  assert.ok(Math.abs(above - 0.05 * train.count) <= 1, `${above} of ${train.count} training samples above threshold_`);
  const predicted = await detector.predict(testSet);
  assert.deepEqual(Array.from(predicted), Array.from(scores, (s) => (s > detector.threshold_! ? 1 : 0)));
  const proba = await detector.predictProba(testSet, 'unify');
  assert.deepEqual(proba, outlierProbabilities(scores, summarizeScores(detector.decisionScores_!), 'unify'));
  assert.equal(detector.threshold, detector.threshold_);
});

test('breast cancer (sklearn): trained on benign rows, malignant ones score higher (ROC-AUC > 0.88); saved, loaded and scored by the CLI with the same numbers', async (t) => {
  const csv = await sklearnCsv('breast_cancer', dir);
  if ('skip' in csv) return t.skip(csv.skip);
  const table = await loadDataset(csv.file, 'test', { csv: { labelColumn: 'label' } });
  assert.deepEqual([table.count, table.shape, table.classNames], [569, [1, 30, 1], ['benign', 'malignant']]);
  const cut = 455; // the first 80% to train on, the rest scored as new rows
  const trainRows = rows(table, 0, cut);
  const benign = onlyClass(datasetSamples(trainRows, [30]), 0);
  const detector = new AutoencoderDetector({ model: 'dense', modelOptions: { hidden: [16], codeSize: 4 }, scale: 'minmax', epochs: 60, batchSize: 16, seed: 2 });
  // Rows as number[][], the way a PyOD user hands them over.
  const benignRows = Array.from({ length: benign.count }, (_, i) => Array.from(benign.data.subarray(i * 30, (i + 1) * 30)));
  await detector.fit(benignRows);

  // The new rows, as a CSV file of their own (header + label column, text as sklearn wrote it).
  const lines = (await fs.readFile(csv.file, 'utf8')).trimEnd().split('\n');
  const newCsv = path.join(dir, 'new-rows.csv');
  await fs.writeFile(newCsv, `${[lines[0], ...lines.slice(1 + cut)].join('\n')}\n`);
  const newRows = await loadDataset(newCsv, 'test', { csv: { labelColumn: 'label' } });
  const scores = await detector.decisionFunction(newRows);
  const auc = rocAuc(scores, Uint8Array.from(newRows.labels!));
  assert.ok(auc > 0.88, `breast cancer ROC-AUC ${auc.toFixed(4)}`);
  // The scaling was fitted on the training rows: raw columns (areas in the hundreds) never reach the model.
  assert.equal(detector.autoencoder.spec.inputScaling?.kind, 'minmax');

  const saved = path.join(dir, 'detector');
  await detector.save(saved);
  const loaded = await AutoencoderDetector.load(saved);
  assert.deepEqual(Array.from(await loaded.decisionFunction(newRows)), Array.from(scores));
  assert.equal(loaded.threshold_, detector.threshold_);
  assert.deepEqual(Array.from(loaded.labels_!), Array.from(detector.labels_!));

  const cli = await runAekit(['detect', '--model', saved, '--dataset', newCsv, '--label-column', 'label', '--split', 'all', '--normal-class', '0', '--out', 'scores.csv', '--json', '--backend', 'cpu'], dir);
  assert.equal(cli.code, 0, cli.stderr);
  const summary = JSON.parse(cli.stdout) as { samples: number; rocAuc: number };
  assert.equal(summary.samples, newRows.count);
  const written = parseCsvMatrix(await fs.readFile(path.join(dir, 'scores.csv'), 'utf8'), 'scores.csv');
  const cliScores = Array.from({ length: written.rows }, (_, i) => written.data[i * written.cols + 1]!);
  cliScores.forEach((s, i) => assert.ok(Math.abs(s - scores[i]!) <= 1e-6 * Math.max(1, scores[i]!), `row ${i}: CLI ${s}, library ${scores[i]}`));
  assert.ok(Math.abs(summary.rocAuc - auc) < 1e-9, `CLI ROC-AUC ${summary.rocAuc} vs library ${auc}`);
});

test('bad input is named: unfitted use, wrong widths, NaN cells, bad options, another estimator', async () => {
  const detector = new AutoencoderDetector();
  await assert.rejects(detector.decisionFunction([[1, 2]]), { message: 'AutoencoderDetector: not fitted yet; call fit(X) first (or load a saved one)' });
  await assert.rejects(detector.fit([[1, 2], [3]]), { message: 'AutoencoderDetector.fit: X: row 1 has 1 values, expected 2 like row 0' });
  await assert.rejects(detector.fit([[1, 2], [3, NaN]]), { message: 'AutoencoderDetector.fit: X: row 1, column 1: NaN is not a finite 32-bit number' });
  await assert.rejects(detector.fit({ data: new Float32Array(5), shape: [2, 3] }), { message: 'AutoencoderDetector.fit: X: shape [2, 3] needs 6 values, the data has 5' });
  assert.throws(() => new AutoencoderDetector({ contamination: 0 }), { message: 'AutoencoderDetector: contamination must be in (0, 0.5], got 0' });
  assert.throws(() => new AutoencoderDetector({ model: 'nope' }), /unknown model 'nope': expected one of dense/);
  assert.throws(() => new AutoencoderDetector({ epochs: 0 }), { message: 'AutoencoderDetector: epochs must be a whole number >= 1, got 0' });
  assert.throws(() => new AutoencoderDetector({ scale: 'log' as never }), { message: "AutoencoderDetector: scale must be one of none, minmax, standard, got 'log'" });
  const small = new AutoencoderDetector({ modelOptions: { codeSize: 2 }, epochs: 1, seed: 1 });
  await small.fit([[0, 1, 2], [1, 2, 3], [2, 3, 5], [0, 0, 1]]);
  await assert.rejects(small.predict([[1, 2]]), { message: 'AutoencoderDetector.decisionFunction: X has samples of shape [2], the estimator was fitted on [3]' });
  const folder = path.join(dir, 'small');
  await small.save(folder);
  await assert.rejects((await import('./transformer.js')).AutoencoderTransformer.load(folder), { message: `${folder}: expected a saved AutoencoderTransformer, found a saved AutoencoderDetector` });
});

test('fitting again replaces the model and frees the old one: no tensors pile up over refits', async () => {
  const rows = Array.from({ length: 64 }, (_, i) => [Math.sin(i), Math.cos(i), (i % 7) / 7, (i % 3) / 3]);
  const detector = new AutoencoderDetector({ modelOptions: { codeSize: 2 }, epochs: 1, seed: 1 });
  await detector.fit(rows);
  const tensors = tf.memory().numTensors;
  await detector.fit(rows);
  await detector.fit(rows);
  assert.equal(tf.memory().numTensors, tensors, 'tensors left by two refits');
});
