/**
 * `aekit score --onnx` on a CSV read as its model's run read its own: a model trained on real
 * tabular data (sklearn's breast cancer table: 30 features and a text label column) with emptied
 * cells and --missing mean, exported to ONNX, scores tomorrow's rows as `aekit detect` does on the
 * run, with the label column, policy and training means taken from the file's metadata. New data is
 * matched to the training header's feature names, so a file whose columns come in another order
 * scores alike, and one that lacks a name, or has no header and too few columns, is refused.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { initBackend } from '../../backend/select.js';
import { loadAutoencoder } from '../../io/model-io.js';
import { exportModel } from '../../io/export/export-model.js';
import { onnxMetadata } from '../../io/onnx/read-metadata.js';
import { readRunConfig } from '../../training/run.js';
import { runAekit, type CliResult } from '../../../testing/support/cli.js';
import { sklearnCsv } from '../../../testing/support/sklearn-data.js';

let skip: string | false = false;
try {
  await import('onnxruntime-node');
} catch {
  skip = 'onnxruntime-node is not installed (npm install --include=dev)';
}

let dir = '';
const run = () => path.join(dir, 'runs', 'cancer');
const newRows = () => path.join(dir, 'new.csv');
/** The new file's data rows (0-based) with an empty or NA feature cell. */
const GAPPED_ROWS = [2, 7, 11, 30, 44];

function aekit(...args: string[]): Promise<CliResult> {
  return runAekit(args, dir);
}

/** Empties cells of `rows` (data rows of `lines`, 0-based), one column each, two in the last; one cell is written 'NA'. */
function withGaps(lines: string[], rows: number[]): string[] {
  return lines.map((line, r) => {
    const at = rows.indexOf(r);
    if (at < 0) return line;
    const cells = line.split(',');
    cells[(7 * r) % 30] = at === 1 ? 'NA' : '';
    if (at === rows.length - 1) cells[29] = '';
    return cells.join(',');
  });
}

/** A CSV's column as numbers. */
async function column(file: string, name: string): Promise<number[]> {
  const [header, ...rows] = (await fs.readFile(file, 'utf8')).trim().split('\n');
  const index = header!.split(',').indexOf(name);
  assert.ok(index >= 0, `${file} has no column ${name}: ${header}`);
  return rows.map((row) => Number(row.split(',')[index]));
}

function assertClose(actual: number[], expected: number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} scores, expected ${expected.length}`);
  const worst = Math.max(...actual.map((a, i) => Math.abs(a - expected[i]!) / Math.abs(expected[i]!)));
  assert.ok(worst <= 1e-5, `${what}: largest relative difference from aekit detect ${worst}`);
}

before(async () => {
  if (skip) return;
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-score-csv-'));
  const data = await sklearnCsv('breast_cancer', dir);
  if ('skip' in data) {
    skip = data.skip;
    return;
  }
  const [header, ...lines] = (await fs.readFile(data.file, 'utf8')).trim().split(/\r?\n/);
  // 200 training rows, every 9th with an empty cell; 60 new rows with gaps of their own.
  const training = withGaps(lines.slice(0, 200), Array.from({ length: 22 }, (_, i) => 9 * i + 4));
  await fs.writeFile(path.join(dir, 'train.csv'), [header, ...training].join('\n') + '\n');
  await fs.writeFile(newRows(), [header, ...withGaps(lines.slice(200, 260), GAPPED_ROWS)].join('\n') + '\n');
  await initBackend({ backend: 'auto' });
  const trained = await aekit('train', '--model', 'dense', '-o', 'codeSize=4', '--dataset', 'train.csv', '--label-column', 'label', '--missing', 'mean', '--epochs', '2', '--seed', '3', '--patience', '0', '--name', 'cancer', '--no-download');
  assert.equal(trained.code, 0, trained.stderr);
  const exported = await aekit('export', '--model', run(), '--out', 'cancer.onnx');
  assert.equal(exported.code, 0, exported.stderr);
});

after(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test("export writes how the run read its CSV into the file's metadata: label column, policy and the training means (ONNX, Keras, TF.js)", async (t) => {
  if (skip) return void t.skip(skip);
  const saved = (await readRunConfig(run())).csv!;
  assert.equal(saved.fillMeans?.length, 30);
  const onnx = onnxMetadata(await fs.readFile(path.join(dir, 'cancer.onnx')), 'cancer.onnx');
  assert.equal(onnx['csv_label_column'], '"label"');
  assert.equal(onnx['csv_missing'], 'mean');
  assert.deepEqual(JSON.parse(onnx['csv_fill_means']!), saved.fillMeans);
  assert.equal(onnx['csv_columns'], undefined, 'the run named no feature columns: every column but the label');
  assert.equal(onnx['scaling_kind'], 'minmax', 'a CSV run is scaled by default, and the file says how');
  assert.equal(saved.featureNames?.length, 30);
  assert.equal(saved.featureNames?.[1], 'mean texture');
  assert.deepEqual(JSON.parse(onnx['csv_feature_names']!), saved.featureNames, 'the training header, label left out');

  const { autoencoder } = await loadAutoencoder(path.join(run(), 'best'));
  const csv = { labelColumn: 'label', columns: [0, 'mean texture'], missing: 'mean' as const, fillMeans: [1.5, 2.5], header: true };
  await exportModel(autoencoder, path.join(dir, 'meta.keras'), { format: 'keras', metadata: { csv } });
  const keras = JSON.parse(strFromU8(unzipSync(await fs.readFile(path.join(dir, 'meta.keras')))['metadata.json']!)) as { aekit: Record<string, string> };
  await exportModel(autoencoder, path.join(dir, 'meta-tfjs'), { format: 'tfjs', metadata: { csv } });
  const tfjs = JSON.parse(await fs.readFile(path.join(dir, 'meta-tfjs', 'model.json'), 'utf8')) as { userDefinedMetadata: Record<string, string> };
  for (const metadata of [keras.aekit, tfjs.userDefinedMetadata]) {
    assert.deepEqual(
      [metadata['csv_header'], metadata['csv_label_column'], metadata['csv_columns'], metadata['csv_missing'], metadata['csv_fill_means']],
      ['true', '"label"', '[0,"mean texture"]', 'mean', '[1.5,2.5]'],
    );
  }
});

test("score --onnx on a CSV with missing cells gives aekit detect's per-row scores: the label column, --missing mean and the TRAINING means from the file's metadata", async (t) => {
  if (skip) return void t.skip(skip);
  const detect = await aekit('detect', '--model', run(), '--dataset', newRows(), '--split', 'all', '--out', 'detect.csv');
  assert.equal(detect.code, 0, detect.stderr);
  const expected = await column(path.join(dir, 'detect.csv'), 'score');
  assert.equal(expected.length, 60);

  const scored = await aekit('score', '--onnx', 'cancer.onnx', '--data', newRows(), '--missing', 'mean', '--batch-size', '16', '--out', 'mean.csv', '--json');
  assert.equal(scored.code, 0, scored.stderr);
  assert.equal((JSON.parse(scored.stdout) as { rows: number }).rows, 60);
  assertClose(await column(path.join(dir, 'mean.csv'), 'score'), expected, '--missing mean');
  assert.deepEqual(await column(path.join(dir, 'mean.csv'), 'index'), Array.from({ length: 60 }, (_, i) => i));
  // No flags at all: the metadata says label column and 'mean' already.
  const defaults = await aekit('score', '--onnx', 'cancer.onnx', '--data', newRows(), '--out', 'defaults.csv');
  assert.equal(defaults.code, 0, defaults.stderr);
  assertClose(await column(path.join(dir, 'defaults.csv'), 'score'), expected, 'the metadata\'s defaults');
});

test('score --onnx: --missing drop leaves out exactly the rows with a missing cell (as detect does); with no policy a missing cell is the CSV reader\'s error; --missing mean with no training means names the option', async (t) => {
  if (skip) return void t.skip(skip);
  const detect = await aekit('detect', '--model', run(), '--dataset', newRows(), '--split', 'all', '--missing', 'drop', '--out', 'detect-drop.csv');
  assert.equal(detect.code, 0, detect.stderr);
  const expected = await column(path.join(dir, 'detect-drop.csv'), 'score');
  const dropped = await aekit('score', '--onnx', 'cancer.onnx', '--data', newRows(), '--missing', 'drop', '--batch-size', '8', '--out', 'drop.csv');
  assert.equal(dropped.code, 0, dropped.stderr);
  assert.deepEqual(await column(path.join(dir, 'drop.csv'), 'index'), Array.from({ length: 60 }, (_, i) => i).filter((i) => !GAPPED_ROWS.includes(i)));
  assertClose(await column(path.join(dir, 'drop.csv'), 'score'), expected, '--missing drop');

  // No policy: the same one-line error aekit detect gives (file, line, column), and no scores file.
  const detectError = await aekit('detect', '--model', run(), '--dataset', newRows(), '--split', 'all', '--missing', 'error');
  const scoreError = await aekit('score', '--onnx', 'cancer.onnx', '--data', newRows(), '--missing', 'error', '--out', 'error.csv');
  assert.equal(scoreError.code, 1);
  assert.equal(scoreError.stderr.trim(), `aekit: ${newRows()}: line 4, column 'smoothness error' (index 14): missing value; fill it in, or pass missing 'drop' (leave the row out) or 'mean' (use the column's mean)`);
  assert.equal(scoreError.stderr, detectError.stderr);
  await assert.rejects(fs.access(path.join(dir, 'error.csv')), 'no partial scores file');

  // A file whose run kept no training means: --missing mean is refused naming the option.
  const { autoencoder } = await loadAutoencoder(path.join(run(), 'best'));
  await exportModel(autoencoder, path.join(dir, 'no-means.onnx'), { format: 'onnx', metadata: { csv: { labelColumn: 'label', missing: 'drop' } } });
  const noMeans = await aekit('score', '--onnx', 'no-means.onnx', '--data', newRows(), '--missing', 'mean');
  assert.equal(noMeans.code, 1);
  assert.equal(noMeans.stderr.trim(), "aekit: no-means.onnx: no training means to fill missing cells with (metadata 'csv_fill_means': its run was not trained with --missing mean), so --missing mean cannot be used; use --missing drop, or export a run trained with --missing mean");
  // CSV flags with a .npy are a usage error.
  const npy = await aekit('score', '--onnx', 'cancer.onnx', '--data', 'rows.npy', '--label-column', 'label');
  assert.equal(npy.code, 2);
  assert.equal(npy.stderr.trim(), 'aekit: option --label-column: reads a CSV, and --data rows.npy is not one');
});

/** `file`'s columns (label included) in reverse order: same rows, same names, nothing where it was. */
async function reversedColumns(file: string, name: string): Promise<string> {
  const lines = (await fs.readFile(file, 'utf8')).trim().split('\n');
  return writeLines(name, lines.map((line) => line.split(',').reverse().join(',')));
}

async function writeLines(name: string, lines: string[]): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, lines.join('\n') + '\n');
  return file;
}

test("new data is read by the training header's feature names: a column-reordered copy scores as the original (detect and score --onnx); a renamed column and a headerless file of the wrong width are errors", async (t) => {
  if (skip) return void t.skip(skip);
  const original = await aekit('detect', '--model', run(), '--dataset', newRows(), '--split', 'all', '--out', 'original.csv');
  assert.equal(original.code, 0, original.stderr);
  const expected = await column(path.join(dir, 'original.csv'), 'score');
  const reordered = await reversedColumns(newRows(), 'reversed.csv');
  const detect = await aekit('detect', '--model', run(), '--dataset', reordered, '--split', 'all', '--out', 'reversed-detect.csv');
  assert.equal(detect.code, 0, detect.stderr);
  assert.deepEqual(await column(path.join(dir, 'reversed-detect.csv'), 'score'), expected, 'detect: the same scores whatever the column order');
  const onnx = await aekit('score', '--onnx', 'cancer.onnx', '--data', reordered, '--out', 'reversed-onnx.csv');
  assert.equal(onnx.code, 0, onnx.stderr);
  assertClose(await column(path.join(dir, 'reversed-onnx.csv'), 'score'), expected, 'score --onnx on the reordered copy');

  const [header, ...rows] = (await fs.readFile(newRows(), 'utf8')).trim().split('\n');
  const names = header!.split(',');
  const renamed = await writeLines('renamed.csv', [header!.replace('mean texture', 'texture'), ...rows]);
  const shown = names.map((n) => `'${n === 'mean texture' ? 'texture' : n}'`).join(', ');
  const message = `aekit: ${renamed}: no column 'mean texture', a feature column the model was trained on: its columns are ${shown}; rename the column, or pick the features with --columns`;
  // Headerless, the last feature column gone: read by position, 29 features against the model's 30.
  const narrow = await writeLines('narrow.csv', rows.map((row) => row.split(',').filter((_, i) => i !== 29).join(',')));
  const narrowMessage = `aekit: ${narrow} has 29 feature columns, the model was trained on 30: ${names.slice(0, 30).map((n) => `'${n}'`).join(', ')}; read it with the columns the model was trained on: --columns, --label-column`;
  const [detectRenamed, scoreRenamed, detectNarrow, scoreNarrow] = await Promise.all([
    aekit('detect', '--model', run(), '--dataset', renamed, '--split', 'all'),
    aekit('score', '--onnx', 'cancer.onnx', '--data', renamed),
    aekit('detect', '--model', run(), '--dataset', narrow, '--split', 'all', '--label-column', '29'),
    aekit('score', '--onnx', 'cancer.onnx', '--data', narrow, '--label-column', '29'),
  ]);
  for (const result of [detectRenamed, scoreRenamed]) assert.deepEqual([result.code, result.stderr.trim()], [1, message]);
  for (const result of [detectNarrow, scoreNarrow]) assert.deepEqual([result.code, result.stderr.trim()], [1, narrowMessage]);
  // --columns given wins over the names: the renamed column picked by its new name reads as the original.
  const picked = names.slice(0, 30).map((n) => (n === 'mean texture' ? 'texture' : n)).join(',');
  const chosen = await aekit('detect', '--model', run(), '--dataset', renamed, '--split', 'all', '--columns', picked, '--out', 'picked.csv');
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.deepEqual(await column(path.join(dir, 'picked.csv'), 'score'), expected);
});
