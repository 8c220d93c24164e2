/**
 * CSV tables from the command line, as a user of a detector on tabular data meets them:
 * missing cells of new data filled with the TRAINING file's means (saved in the run), a class
 * given by its text label (`--normal-class normal`), and a table whose column count does not fit
 * the model told in table words.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../../models/registry.js';
import { saveAutoencoder } from '../../io/model-io.js';
import { readRunConfig } from '../../training/run.js';
import { runAekit, type CliResult } from '../../../testing/support/cli.js';

let dir = '';
const run = () => path.join(dir, 'runs', 'table');
const FEATURES = 4;

function aekit(...args: string[]): Promise<CliResult> {
  return runAekit(args, dir);
}

/** A deterministic table: `rows` rows of FEATURES values around `level`, a class column, and an empty f2 in every `gapEvery`th row. */
function table(rows: number, level: number, gapEvery: number): (number | undefined)[][] {
  let state = 7;
  const noise = () => ((state = (state * 48271) % 2147483647) / 2147483647 - 0.5) * 0.1;
  return Array.from({ length: rows }, (_, r) => Array.from({ length: FEATURES }, (_, f) => (f === 2 && r % gapEvery === gapEvery - 1 ? undefined : level + 0.1 * f + noise())));
}

const classOf = (r: number) => (r % 6 === 0 ? 'anomaly' : 'normal');

function csvText(values: (number | undefined)[][]): string {
  const lines = values.map((row, r) => [...row.map((v) => (v === undefined ? '' : String(v))), classOf(r)].join(','));
  return ['f0,f1,f2,f3,class', ...lines].join('\n') + '\n';
}

async function write(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

/** The score column of `detect --out`. */
async function scores(file: string): Promise<string[]> {
  return (await fs.readFile(file, 'utf8')).trim().split('\n').slice(1).map((line) => line.split(',')[1]!);
}

const trainRows = table(120, 0.3, 7);
/** f2's mean over the training file's present cells. */
const trainMean = (() => {
  const present = trainRows.map((row) => row[2]).filter((v): v is number => v !== undefined);
  return present.reduce((a, b) => a + b, 0) / present.length;
})();

before(async () => {
  await initBackend({ backend: 'auto' });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-csv-cli-'));
  await write('train.csv', csvText(trainRows));
  const trained = await aekit('train', '--model', 'dense', '--dataset', 'train.csv', '--label-column', 'class', '--missing', 'mean', '--normal-class', 'normal', '--epochs', '2', '--seed', '1', '--patience', '0', '--name', 'table', '--no-download');
  assert.equal(trained.code, 0, trained.stderr);
});

after(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

test("--normal-class takes a class name: the run keeps its label number, detect takes the name too, and an unknown name lists the classes", async () => {
  const config = await readRunConfig(run());
  assert.deepEqual(config.classNames, ['anomaly', 'normal']);
  assert.equal(config.normalClass, 1, "'normal' is label 1 in sorted order");
  const named = await aekit('detect', '--model', run(), '--normal-class', 'normal', '--json');
  assert.equal(named.code, 0, named.stderr);
  const byNumber = await aekit('detect', '--model', run(), '--normal-class', '1', '--json');
  assert.deepEqual(JSON.parse(named.stdout), JSON.parse(byNumber.stdout), 'the name and its number judge alike');
  assert.equal((JSON.parse(named.stdout) as { normalClass: number }).normalClass, 1);
  const unknown = await aekit('detect', '--model', run(), '--normal-class', 'benign');
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr.trim(), "aekit: option --normal-class 'benign': train.csv has no class of that name; its classes are 'anomaly', 'normal' (or label numbers 0-1)");
  const untrained = await aekit('train', '--model', 'dense', '--dataset', 'train.csv', '--label-column', 'class', '--missing', 'mean', '--normal-class', 'benign', '--epochs', '1', '--name', 'nope', '--no-download');
  assert.equal(untrained.code, 1);
  assert.match(untrained.stderr, /^aekit: normal class 'benign': train\.csv has no class of that name; its classes are 'anomaly', 'normal'/);
});

test("--missing mean: new data's missing cells get the TRAINING file's mean (saved in the run), not the new file's", async () => {
  const config = await readRunConfig(run());
  const saved = config.csv?.fillMeans;
  assert.ok(saved && saved.length === FEATURES, 'config.json keeps one training mean per feature column');
  assert.ok(Math.abs(saved[2]! - trainMean) < 1e-6, `f2's saved mean ${saved[2]} vs the training file's ${trainMean}`);
  // New rows around 2.0: their own f2 mean (about 2.2) is far from the training one (about 0.5).
  const fresh = table(30, 2, 10);
  const ownMean = (() => {
    const present = fresh.map((row) => row[2]).filter((v): v is number => v !== undefined);
    return present.reduce((a, b) => a + b, 0) / present.length;
  })();
  const filledWith = (value: number) => fresh.map((row) => row.map((v, f) => (v === undefined && f === 2 ? value : v)));
  const judge = async (name: string, values: (number | undefined)[][], ...more: string[]) => {
    const out = path.join(dir, `${name}-scores.csv`);
    const result = await aekit('detect', '--model', run(), '--dataset', await write(`${name}.csv`, csvText(values)), '--split', 'all', '--out', out, ...more);
    assert.equal(result.code, 0, result.stderr);
    return scores(out);
  };
  const gaps = await judge('gaps', fresh);
  assert.deepEqual(gaps, await judge('training-mean', filledWith(saved[2]!)), 'filled with the training mean');
  assert.notDeepEqual(gaps, await judge('own-mean', filledWith(ownMean)), 'not with the new file\'s mean');
  // CSV flags given again on the command line keep the training means too.
  assert.deepEqual(await judge('gaps-flags', fresh, '--label-column', 'class', '--missing', 'mean'), gaps);
});

test('a table whose column count differs from the model is told in table words, by detect and encode', async () => {
  const model = path.join(dir, 'thirty');
  await saveAutoencoder(buildModel('dense', { inputShape: [30], options: { codeSize: 2 }, seed: 1 }), model);
  const header = Array.from({ length: 29 }, (_, i) => `x${i}`).join(',');
  const rows = Array.from({ length: 5 }, (_, r) => Array.from({ length: 29 }, (_, i) => ((r + i) % 10) / 10).join(','));
  const file = await write('narrow.csv', [header, ...rows].join('\n') + '\n');
  const expected = `aekit: ${file} has 29 feature columns, the model takes 30 (read it with the columns the model was trained on: --columns, --label-column)`;
  const detect = await aekit('detect', '--model', model, '--dataset', file, '--split', 'all');
  assert.equal(detect.code, 1);
  assert.equal(detect.stderr.trim(), expected);
  const encode = await aekit('encode', '--model', model, '--dataset', file, '--out', path.join(dir, 'codes.csv'));
  assert.equal(encode.code, 1);
  assert.equal(encode.stderr.trim(), expected);
});
