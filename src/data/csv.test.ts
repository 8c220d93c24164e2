import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCsvMatrix, formatFloat32, parseCsvMatrix } from './csv.js';

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

test('bad cells, ragged rows and empty files are named by line and column', () => {
  assert.throws(() => parseCsvMatrix('a,b\n1,2\n3,x\n', 'bad.csv'), { message: "bad.csv: line 3, column 2 ('b'): 'x' is not a number" });
  assert.throws(() => parseCsvMatrix('1,2\n3,\n', 'gap.csv'), { message: "gap.csv: line 2, column 2: '' is not a number" });
  assert.throws(() => parseCsvMatrix('1,2\n3,4,5\n', 'ragged.csv'), { message: 'ragged.csv: line 2 has 3 values, expected 2 like the first row' });
  assert.throws(() => parseCsvMatrix('\n\n', 'empty.csv'), { message: 'empty.csv: the CSV file is empty' });
  assert.throws(() => parseCsvMatrix('a,b\n', 'head.csv'), { message: 'head.csv: the CSV file has a header but no data rows' });
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
