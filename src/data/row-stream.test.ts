import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { streamRows, type RowBatch } from './row-stream.js';
import { parseCsvMatrix } from './csv.js';

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
  await assert.rejects(collect(streamRows(file, 1)), { message: `${file}: line 3, column 'b' (index 1): missing value` });
  await fs.writeFile(file, '1,2\n3,4,5\n');
  await assert.rejects(collect(streamRows(file, 8)), { message: `${file}: line 2 has 3 values, expected 2 like the first row` });
  await fs.writeFile(file, 'a,b\n1,"2\n');
  await assert.rejects(collect(streamRows(file, 8)), /rows\.csv: Quote Not Closed: .* \(not a well-formed CSV file\)/);
  await fs.rm(dir, { recursive: true });
});
