import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../../backend/select.js';
import { loadDataset } from '../../data/index.js';
import { encodeNpy } from '../../data/npy.js';
import { formatCsvMatrix } from '../../data/csv.js';
import { saveAutoencoder } from '../../io/model-io.js';
import { exportModel } from '../../io/export/export-model.js';
import { scoreWithOnnx } from '../../applications/onnx-scoring.js';
import { runAekit } from '../../../testing/support/cli.js';
import { maxAbsDifference, perturbedModel } from '../../../testing/support/export-fixtures.js';

let ortMissing: string | false = false;
try {
  await import('onnxruntime-node');
} catch {
  ortMissing = 'onnxruntime-node is not installed (npm install --include=dev)';
}

function csvColumn(text: string, column: string): number[] {
  const [header, ...rows] = text.trim().split('\n');
  const index = header!.split(',').indexOf(column);
  return rows.map((row) => Number(row.split(',')[index]));
}

test('aekit score streams a .npy and a CSV through the exported ONNX autoencoder; its scores are aekit detect --stream\'s', { skip: ortMissing }, async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-score-'));
  await saveAutoencoder(perturbedModel({ label: 'conv2', model: 'conv2' }), path.join(dir, 'run', 'best'));
  const digits = await loadDataset('mnist', 'test', { limit: 300 });
  await fs.writeFile(path.join(dir, 'rows.npy'), encodeNpy(digits.images, [300, 28, 28, 1]));
  await fs.writeFile(path.join(dir, 'rows.csv'), formatCsvMatrix(digits.images.subarray(0, 40 * 784), 40, 784));

  const detect = await runAekit(['detect', '--model', 'run', '--stream', '--limit', '300', '--out', 'detect.csv'], dir);
  assert.equal(detect.code, 0, detect.stderr);
  const expected = csvColumn(await fs.readFile(path.join(dir, 'detect.csv'), 'utf8'), 'score');
  const threshold = [...expected].sort((a, b) => a - b)[240]!;

  const exported = await runAekit(['export', '--model', 'run', '--out', 'model.onnx', '--threshold', String(threshold)], dir);
  assert.equal(exported.code, 0, exported.stderr);
  const scored = await runAekit(['score', '--onnx', 'model.onnx', '--data', 'rows.npy', '--batch-size', '64', '--out', 'scores.csv', '--json'], dir);
  assert.equal(scored.code, 0, scored.stderr);
  const summary = JSON.parse(scored.stdout) as { rows: number; threshold: number; flagged: number };
  assert.equal(summary.rows, 300);
  assert.equal(summary.threshold, threshold, 'threshold read from the file\'s metadata');
  const scoresCsv = await fs.readFile(path.join(dir, 'scores.csv'), 'utf8');
  const scores = csvColumn(scoresCsv, 'score');
  assert.ok(maxAbsDifference(scores, expected) <= 1e-6, `max |score - detect| = ${maxAbsDifference(scores, expected)}`);
  assert.deepEqual(csvColumn(scoresCsv, 'anomaly'), scores.map((s) => (s > threshold ? 1 : 0)));
  assert.equal(summary.flagged, scores.filter((s) => s > threshold).length);

  const fromCsv = await runAekit(['score', '--onnx', 'model.onnx', '--data', 'rows.csv', '--batch-size', '16', '--out', 'csv-scores.csv'], dir);
  assert.equal(fromCsv.code, 0, fromCsv.stderr);
  assert.ok(maxAbsDifference(csvColumn(await fs.readFile(path.join(dir, 'csv-scores.csv'), 'utf8'), 'score'), expected.slice(0, 40)) <= 1e-6);

  // One batch at a time: the library hands on batches of the asked size, never the whole file.
  const sizes: number[] = [];
  await scoreWithOnnx(path.join(dir, 'model.onnx'), path.join(dir, 'rows.npy'), { batchSize: 128, onBatch: ({ scores: s }) => void sizes.push(s.length) });
  assert.deepEqual(sizes, [128, 128, 44]);
});

test('aekit score applies the feature scaling a model was trained behind (from the file\'s metadata), as detect does', { skip: ortMissing }, async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-score-scaled-'));
  const model = perturbedModel({ label: 'dense', model: 'dense' });
  model.spec.inputScaling = { kind: 'standard', offset: Array.from({ length: 784 }, (_, i) => (i % 7) * 0.01), scale: Array.from({ length: 784 }, (_, i) => 0.5 + (i % 5) * 0.1) };
  await saveAutoencoder(model, path.join(dir, 'run', 'best'));
  const digits = await loadDataset('mnist', 'test', { limit: 100 });
  await fs.writeFile(path.join(dir, 'rows.npy'), encodeNpy(digits.images, [100, 784]));
  const detect = await runAekit(['detect', '--model', 'run', '--stream', '--limit', '100', '--out', 'detect.csv'], dir);
  assert.equal(detect.code, 0, detect.stderr);
  assert.equal((await runAekit(['export', '--model', 'run', '--out', 'model.onnx'], dir)).code, 0);
  const scored = await runAekit(['score', '--onnx', 'model.onnx', '--data', 'rows.npy', '--out', 'scores.csv'], dir);
  assert.equal(scored.code, 0, scored.stderr);
  const expected = csvColumn(await fs.readFile(path.join(dir, 'detect.csv'), 'utf8'), 'score');
  const scores = csvColumn(await fs.readFile(path.join(dir, 'scores.csv'), 'utf8'), 'score');
  assert.ok(maxAbsDifference(scores, expected) <= 1e-5 * Math.max(...expected), `max |score - detect| = ${maxAbsDifference(scores, expected)}`);
});

test('aekit score: an encoder export, rows of the wrong size and a missing file are one-line errors, leaving no scores file', { skip: ortMissing }, async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-score-bad-'));
  const model = perturbedModel({ label: 'dense', model: 'dense' });
  await exportModel(model, path.join(dir, 'encoder.onnx'), { format: 'onnx', part: 'encoder' });
  await exportModel(model, path.join(dir, 'model.onnx'), { format: 'onnx' });
  await fs.writeFile(path.join(dir, 'short.npy'), encodeNpy(new Float32Array(3 * 100), [3, 100]));
  const cases: [string, string, RegExp][] = [
    ['encoder.onnx', 'short.npy', /encoder\.onnx: holds the model's encoder; scoring needs the whole autoencoder/],
    ['model.onnx', 'short.npy', /short\.npy: rows of shape \[100\] \(100 values\) do not fit .*model\.onnx, whose input is \[784\]/],
    ['model.onnx', 'missing.npy', /missing\.npy/],
  ];
  for (const [onnxFile, dataFile, message] of cases) {
    await assert.rejects(scoreWithOnnx(path.join(dir, onnxFile), path.join(dir, dataFile), { onBatch: () => undefined }), message);
  }
  // At the command line: one line, a failing exit code, no partial scores file.
  const result = await runAekit(['score', '--onnx', 'model.onnx', '--data', 'short.npy', '--out', 'scores.csv'], dir);
  assert.notEqual(result.code, 0);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, /^aekit: .*short\.npy: rows of shape \[100\]/);
  assert.deepEqual((await fs.readdir(dir)).filter((f) => f.includes('scores')), [], 'no scores file, not even a partial one');
});
