import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { streamRows, type RowBatch } from './row-stream.js';
import { parseCsvMatrix, readCsvTable, type CsvReadOptions } from './csv.js';

async function collect(source: AsyncIterable<RowBatch>): Promise<RowBatch[]> {
  const out: RowBatch[] = [];
  for await (const batch of source) out.push({ ...batch, values: batch.values.slice() });
  return out;
}

test('a CSV streamed in batches: the same numbers as read whole, a quoted newline never cut, errors naming the line', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-rows-'));
  const file = path.join(dir, 'rows.csv');
  // A BOM, CRLF, a header with a quoted comma, and a record whose quoted field spans two lines.
  const text = '\uFEFF"a, first",b\r\n1,2\r\n3,"4"\r\n\r\n5,6\r\n7,8\r\n9,"1\r\n0"\r\n';
  await fs.writeFile(file, text.replace('"1\r\n0"', '10'));
  const batches = await collect(streamRows(file, 2));
  assert.deepEqual(batches.map((b) => [b.start, b.count, b.rowShape]), [[0, 2, [2]], [2, 2, [2]], [4, 1, [2]]]);
  assert.deepEqual(batches.flatMap((b) => Array.from(b.values)), Array.from(parseCsvMatrix(await fs.readFile(file, 'utf8'), file).data));

  await fs.writeFile(file, text);
  await assert.rejects(collect(streamRows(file, 2)), { message: `${file}: line 8, column 'b' (index 1): '1\r\n0' is not a number` });
  await fs.writeFile(file, 'a,b\n1,2\n3,\n');
  await assert.rejects(collect(streamRows(file, 1)), { message: `${file}: line 3, column 'b' (index 1): missing value; fill it in, or pass missing 'drop' (leave the row out) or 'mean' (use the column's mean)` });
  await fs.writeFile(file, '1,2\n3,4,5\n');
  await assert.rejects(collect(streamRows(file, 8)), { message: `${file}: line 2 has 3 values, expected 2 like the first row` });
  await fs.writeFile(file, 'a,b\n1,"2\n');
  await assert.rejects(collect(streamRows(file, 8)), /rows\.csv: Quote Not Closed: .* \(not a well-formed CSV file\)/);
  await fs.rm(dir, { recursive: true });
});

test("a CSV streamed with csv.ts's options reads the rows readCsvTable reads: label column left out, columns picked, missing cells dropped (their indices skipped) or filled with the training means", async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-rows-options-'));
  const file = path.join(dir, 'table.csv');
  // Rows 1, 4 and 5 have a missing cell in a feature column; row 6 in the column left out.
  await fs.writeFile(file, 'x,class,y,z,unused\n1,a,2,3,0\n4,b,,6,0\n7,a,8,9,0\n10,b,11,12,0\nNA,a,14,15,0\n16,b,17,N/A,0\n19,a,20,21,\n');
  const fillMeans = [-1, -2, -3];
  const cases: [CsvReadOptions, number[]][] = [
    [{ labelColumn: 'class', columns: ['z', 'x', 'y'], missing: 'drop' }, [0, 2, 3, 6]],
    [{ labelColumn: 1, columns: [3, 0, 2], missing: 'mean', fillMeans }, [0, 1, 2, 3, 4, 5, 6]],
  ];
  for (const [options, kept] of cases) {
    const table = await readCsvTable(file, options);
    for (const batchSize of [1, 3, 16]) {
      const batches = await collect(streamRows(file, batchSize, options));
      assert.deepEqual(batches.flatMap((b) => Array.from(b.values)), Array.from(table.data), `${JSON.stringify(options)}, batches of ${batchSize}`);
      assert.ok(batches.every((b) => b.rowShape[0] === 3 && b.values.length === 3 * b.count));
      const indices = batches.flatMap((b) => (b.indices ? Array.from(b.indices) : Array.from({ length: b.count }, (_, i) => b.start + i)));
      assert.deepEqual(indices, kept);
      assert.deepEqual(batches.map((b) => b.start), batches.map((b) => (b.indices ? b.indices[0] : b.start)));
    }
  }
  // Filled with the given (training) means, column by column in the picked order: z, x, y.
  const filled = await collect(streamRows(file, 16, { labelColumn: 'class', columns: ['z', 'x', 'y'], missing: 'mean', fillMeans }));
  assert.deepEqual(Array.from(filled[0]!.values.subarray(3, 6)), [6, 4, -3]);
  assert.deepEqual(Array.from(filled[0]!.values.subarray(12, 18)), [15, -2, 14, -1, 16, 17]);
  // Without a policy, the table reader's error; 'mean' with no training means cannot stream.
  const table = readCsvTable(file, { labelColumn: 'class', columns: ['x', 'y', 'z'] });
  const streamed = collect(streamRows(file, 2, { labelColumn: 'class', columns: ['x', 'y', 'z'] }));
  const message = `${file}: line 3, column 'y' (index 2): missing value; fill it in, or pass missing 'drop' (leave the row out) or 'mean' (use the column's mean)`;
  await assert.rejects(table, { message });
  await assert.rejects(streamed, { message });
  await assert.rejects(collect(streamRows(file, 2, { labelColumn: 'class', missing: 'mean' })), { message: `${file}: missing 'mean' needs the training file's column means (fillMeans) to read rows batch by batch; a streamed file has no means of its own` });
  await assert.rejects(collect(streamRows(file, 2, { labelColumn: 'class', missing: 'mean', fillMeans: [1, 2] })), /table\.csv has 4 feature columns, the model was trained on 2/);
  await fs.rm(dir, { recursive: true });
});
