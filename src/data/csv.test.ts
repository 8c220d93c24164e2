import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { csvOptionsFor, formatCsvMatrix, formatFloat32, parseCsvMatrix, parseCsvTable, readCsvTable } from './csv.js';

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-csv-'));
async function csvFile(name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

test('parses a header and numeric rows (CRLF, quotes, blank lines tolerated)', () => {
  const parsed = parseCsvMatrix('"a",b,c\r\n1,2,3\r\n\r\n4.5, -6 ,7e-1\r\n', 'x.csv');
  assert.deepEqual(parsed.header, ['a', 'b', 'c']);
  assert.equal(parsed.rows, 2);
  assert.equal(parsed.cols, 3);
  assert.deepEqual(Array.from(parsed.data), [1, 2, 3, 4.5, -6, Math.fround(0.7)]);
});

test('without a header every row is data', () => {
  const parsed = parseCsvMatrix('0,0.5\n1,0.25\n', 'y.csv');
  assert.equal(parsed.header, undefined);
  assert.deepEqual([parsed.rows, parsed.cols, Array.from(parsed.data)], [2, 2, [0, 0.5, 1, 0.25]]);
});

test('a file from the wild: BOM, CRLF, quoted names with commas, quotes and newlines, a text label column', () => {
  const text = '\uFEFF"id, first","say ""hi""","multi\r\nline",kind\r\n1,"2.5",3,benign\r\n4,5,"6",malignant\r\n7,8,9,benign\r\n';
  const table = parseCsvTable(text, 'wild.csv', { labelColumn: 'kind' });
  assert.deepEqual(table.header, ['id, first', 'say "hi"', 'multi\r\nline']);
  assert.deepEqual(Array.from(table.data), [1, 2.5, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(Array.from(table.labels!), [0, 1, 0]);
  assert.deepEqual(table.classNames, ['benign', 'malignant']);
  // A label column by index, numeric labels kept as they are; --columns picks and orders features.
  const picked = parseCsvTable('5,1,2,3\n7,4,5,6\n', 'n.csv', { labelColumn: 0, columns: [3, '1'] });
  assert.deepEqual([picked.cols, Array.from(picked.data), Array.from(picked.labels!)], [2, [3, 1, 6, 4], [5, 7]]);
  assert.equal(picked.classNames, undefined);
});

test('header: forced on or off', () => {
  assert.deepEqual(Array.from(parseCsvTable('1,2\n3,4\n', 'h.csv', { header: true }).data), [3, 4]);
  assert.deepEqual(parseCsvTable('1,2\n3,4\n', 'h.csv', { header: true }).header, ['1', '2']);
  assert.throws(() => parseCsvTable('a,b\n3,4\n', 'nh.csv', { header: false }), { message: "nh.csv: line 1, column 0: 'a' is not a number (if this column holds labels, name it as the label column)" });
});

test('a record spanning lines is reported at the line it starts on', () => {
  assert.throws(() => parseCsvTable('a,b\n"1\n2",3\n4,x\n', 'span.csv', { header: true }), /span\.csv: line 2, column 'a' \(index 0\): '1\n2' is not a number/);
  assert.throws(() => parseCsvTable('a,b\n"1\n2",3\n4,x\n', 'span.csv', { header: true, columns: ['b'] }), { message: "span.csv: line 4, column 'b' (index 1): 'x' is not a number (if this column holds labels, name it as the label column)" });
});

test('missing values: an error naming line and column, or dropped rows, or column means', () => {
  const text = 'a,b\n1,2\n3,\n5,NA\n7,8\n';
  assert.throws(() => parseCsvTable(text, 'gap.csv'), { message: "gap.csv: line 3, column 'b' (index 1): missing value; fill it in, or pass missing 'drop' (leave the row out) or 'mean' (use the column's mean)" });
  const dropped = parseCsvTable(text, 'gap.csv', { missing: 'drop' });
  assert.deepEqual([dropped.rows, dropped.droppedRows, Array.from(dropped.data)], [2, 2, [1, 2, 7, 8]]);
  const filled = parseCsvTable(text, 'gap.csv', { missing: 'mean' });
  assert.deepEqual([filled.rows, Array.from(filled.data)], [4, [1, 2, 3, 5, 5, 5, 7, 8]]);
  assert.throws(() => parseCsvTable('a,b\n1,\n2,\n', 'void.csv', { missing: 'mean' }), { message: "void.csv: column 'b' (index 1): every value is missing, so there is no mean to fill in" });
  assert.throws(() => parseCsvTable('a,b\n1,\n', 'void.csv', { missing: 'drop' }), /every row has a missing value/);
});

test("missing 'mean' with the training means given: they fill the cells, not this file's own means", () => {
  // This file's mean of b would be 5; the training file's was 100.
  const filled = parseCsvTable('a,b\n1,2\n3,\n5,8\n', 'new.csv', { missing: 'mean', fillMeans: [10, 100] });
  assert.deepEqual(Array.from(filled.data), [1, 2, 3, 100, 5, 8]);
  assert.deepEqual(filled.columnMeans, [10, 100]);
  // Its own means are returned when none are given, so a training run can keep them.
  assert.deepEqual(parseCsvTable('a,b\n1,2\n3,\n5,8\n', 't.csv', { missing: 'mean' }).columnMeans, [3, 5]);
  assert.throws(() => parseCsvTable('a,b,c\n1,2,3\n', 'wide.csv', { missing: 'mean', fillMeans: [1, 2] }), {
    message: 'wide.csv has 3 feature columns, the model was trained on 2 (whose means fill missing values); read it with the columns the model was trained on: --columns, --label-column',
  });
});

test("a model's training feature names: a file with a header is read by them in training order; one without by position, with as many columns", () => {
  const trained = { labelColumn: 'y', featureNames: ['a', 'b', 'c'] };
  const original = parseCsvTable('a,b,c,y\n1,2,3,0\n4,5,6,1\n', 'new.csv', trained);
  const reordered = parseCsvTable('c,y,id,a,b\n3,0,9,1,2\n6,1,9,4,5\n', 'new.csv', trained);
  assert.deepEqual(Array.from(reordered.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(reordered, original);
  assert.throws(() => parseCsvTable('a,B,c,y\n1,2,3,0\n', 'new.csv', trained), {
    message: "new.csv: no column 'b', a feature column the model was trained on: its columns are 'a', 'B', 'c', 'y'; rename the column, or pick the features with --columns",
  });
  assert.throws(() => parseCsvTable('a,b,b,c,y\n1,2,2,3,0\n', 'new.csv', trained), /two columns are named 'b'/);
  assert.deepEqual(Array.from(parseCsvTable('1,2,3,0\n', 'new.csv', { ...trained, labelColumn: 3 }).data), [1, 2, 3], 'no header: by position');
  assert.throws(() => parseCsvTable('1,2,0\n', 'new.csv', { ...trained, labelColumn: 2 }), {
    message: "new.csv has 2 feature columns, the model was trained on 3: 'a', 'b', 'c'; read it with the columns the model was trained on: --columns, --label-column",
  });
});

test('a streamed file reads as the same table as its text, and maxRows (--limit) stops reading after its rows', async () => {
  const text = '\uFEFF"id, first","say ""hi""",kind\r\n1,"2.5",benign\r\n4,,malignant\r\n7,8,benign\r\n9,10,odd\r\n';
  const options = { labelColumn: 'kind', missing: 'mean' } as const;
  const file = await csvFile('wild.csv', text);
  assert.deepEqual(await readCsvTable(file, options), parseCsvTable(text, file, options));
  const firstTwo = await readCsvTable(file, options, { maxRows: 2 });
  assert.deepEqual([firstTwo.rows, Array.from(firstTwo.data), Array.from(firstTwo.labels!), firstTwo.classNames], [2, [1, 2.5, 4, 2.5], [0, 1], ['benign', 'malignant']]);
  // A syntax error deep in the file is named by file and line; a missing file as such.
  await assert.rejects(readCsvTable(await csvFile('late-quote.csv', 'a,b\n1,2\n3,"4\n')), /late-quote\.csv: Quote Not Closed: .* \(not a well-formed CSV file\)/);
  await assert.rejects(readCsvTable(path.join(dir, 'none.csv')), /ENOENT.*none\.csv/);
});

test('limits: a row too wide or a table too large is refused as it is read, naming the line and row', async () => {
  const limits = { rowValues: 4, tableValues: 12 };
  assert.throws(() => parseCsvTable('1,2,3,4,5\n', 'wide.csv', {}, limits), { message: 'wide.csv: line 1 has 5 values; one row may hold at most 4' });
  // 3 feature columns: 4 rows make 12 values (allowed), 5 rows 15.
  const rows = (n: number) => 'a,b,c\n' + Array.from({ length: n }, (_, i) => `${i},${i},${i}`).join('\n') + '\n';
  assert.equal(parseCsvTable(rows(4), 'four.csv', {}, limits).rows, 4);
  const long = await csvFile('long.csv', rows(1000) + 'not,even,numbers\n');
  // Refused at data row 5 (line 6): line 1002, which is not numbers, is never reached.
  await assert.rejects(readCsvTable(long, {}, { limits }), {
    message: `${long}: line 6 (data row 5): 5 rows of 3 feature columns are more than the 12 values a table may hold; read fewer rows or --columns`,
  });
  // Only the feature columns count: 6 rows of 2 features fit.
  assert.equal(parseCsvTable(rows(6), 'six.csv', { columns: ['a', 'b'] }, limits).rows, 6);
});

test('NaN, Infinity and float32 overflow are refused naming the cell', () => {
  assert.throws(() => parseCsvTable('a,b\n1,NaN\n', 'nan.csv'), { message: "nan.csv: line 2, column 'b' (index 1): 'NaN' is not a finite 32-bit number (NaN, Infinity and values beyond ±3.4e38 are refused; leave the cell empty for a missing value)" });
  assert.throws(() => parseCsvTable('a,b\n1,2\n-inf,2\n', 'inf.csv'), /inf\.csv: line 3, column 'a' \(index 0\): '-inf' is not a finite/);
  assert.throws(() => parseCsvTable('1,1e39\n', 'big.csv'), /big\.csv: line 1, column 1: '1e39' is not a finite 32-bit number/);
  assert.equal(parseCsvTable('1,3.4e38\n', 'edge.csv').data[1], Math.fround(3.4e38));
});

test('bad structure and bad column names are named by line and option', () => {
  assert.throws(() => parseCsvMatrix('1,2\n3,4,5\n', 'ragged.csv'), { message: 'ragged.csv: line 2 has 3 values, expected 2 like the first row' });
  assert.throws(() => parseCsvMatrix('\n\n', 'empty.csv'), { message: 'empty.csv: the CSV file is empty' });
  assert.throws(() => parseCsvMatrix('a,b\n', 'head.csv'), { message: 'head.csv: the CSV file has a header but no data rows' });
  assert.throws(() => parseCsvMatrix('a,"b\n1,2\n', 'quote.csv'), /quote\.csv: Quote Not Closed: .* at line 2 \(not a well-formed CSV file\)/);
  assert.throws(() => parseCsvTable('a,b\n1,2\n', 'l.csv', { labelColumn: 'c' }), { message: "l.csv: label column 'c' is not a column: its columns are 'a', 'b' (or indices 0-1)" });
  assert.throws(() => parseCsvTable('1,2\n', 'l.csv', { labelColumn: 2 }), { message: "l.csv: label column '2' is not a column: it has no header, so name columns by index 0-1" });
  assert.throws(() => parseCsvTable('a,b\n1,2\n', 'l.csv', { labelColumn: 'a', columns: ['a', 'b'] }), { message: "l.csv: the label column 'a' (index 0) is also listed as a feature column" });
  assert.throws(() => parseCsvTable('a\n1\n', 'l.csv', { labelColumn: 'a' }), /no feature columns left/);
  assert.throws(() => parseCsvTable('a,b\n1,\n', 'l.csv', { labelColumn: 'b' }), { message: "l.csv: line 2, label column 'b' (index 1): missing label" });
  assert.throws(() => parseCsvTable('1\n', 'o.csv', { missing: 'zero' as never }), { message: "missing must be one of error, drop, mean, got 'zero'" });
});

test('formatCsvMatrix writes short numbers that parse back to the same float32 values', () => {
  const data = Float32Array.from([0.1, 1 / 3, 255, -1e-8, 0, 0.5]);
  const text = formatCsvMatrix(data, 2, 3, ['p0', 'p1', 'p2']);
  assert.equal(text, 'p0,p1,p2\n0.1,0.33333334,255\n-1e-8,0,0.5\n');
  const back = parseCsvMatrix(text, 'round.csv');
  assert.deepEqual(Array.from(back.data), Array.from(data));
  assert.deepEqual(back.header, ['p0', 'p1', 'p2']);
  assert.equal(formatFloat32(Math.fround(0.7)), '0.7');
  assert.throws(() => formatCsvMatrix(data, 4, 2), { message: 'formatCsvMatrix: 4 rows x 2 columns = 8 values, but the data has 6' });
});

test("csvOptionsFor: each option given overrides the training reading's own; the training means come along only for missing 'mean'", () => {
  const trained = { labelColumn: 'class', columns: ['a', 'b'], missing: 'mean' as const, fillMeans: [1, 2] };
  assert.deepEqual(csvOptionsFor(undefined, trained), trained);
  assert.deepEqual(csvOptionsFor({ missing: 'drop' }, trained), { labelColumn: 'class', columns: ['a', 'b'], missing: 'drop' });
  assert.deepEqual(csvOptionsFor({ labelColumn: 3, missing: 'mean' }, trained), { labelColumn: 3, columns: ['a', 'b'], missing: 'mean', fillMeans: [1, 2] });
  assert.deepEqual(csvOptionsFor({ missing: 'mean' }, { labelColumn: 'class' }), { labelColumn: 'class', missing: 'mean' }, 'no training means: none invented');
  assert.deepEqual(csvOptionsFor({ header: false }, undefined), { header: false });
  assert.equal(csvOptionsFor(undefined, undefined), undefined);
  // The training header's names come along, unless columns are given now (the user's choice wins).
  const named = { labelColumn: 'class', featureNames: ['a', 'b'] };
  assert.deepEqual(csvOptionsFor({ missing: 'drop' }, named), { labelColumn: 'class', missing: 'drop', featureNames: ['a', 'b'] });
  assert.deepEqual(csvOptionsFor({ columns: ['b', 'a'] }, named), { labelColumn: 'class', columns: ['b', 'a'] });
  // Read through it, new rows get the training mean, not their own.
  const table = parseCsvTable('a,b,class\n5,,x\n7,9,y\n', 'new.csv', csvOptionsFor({ missing: 'mean' }, trained));
  assert.deepEqual(Array.from(table.data), [5, 2, 7, 9]);
});
