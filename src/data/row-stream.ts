/**
 * A large .npy or CSV read a batch of rows at a time, so scoring millions of rows holds one batch
 * in memory. Values come as float32; a uint8 .npy is taken as pixels and scaled to [0, 1] (as the
 * loaders do), anything else as already scaled. CSV: numeric rows, an optional header row (detected
 * as csv.ts does), split into records by csv-parse's stream parser, so a quoted field may hold
 * commas and newlines and a batch never cuts a record in two.
 */
import { promises as fs } from 'node:fs';
import { bytesToUnitFloats } from './checks.js';
import { columnName, looksLikeHeader, parseCell } from './csv.js';
import { streamCsvRecords } from './csv-records.js';
import { DATA_LIMITS } from './limits.js';
import { decodeNpyValues, readNpyLayout } from './npy.js';

export interface RowBatch {
  /** count x rowSize values. */
  values: Float32Array;
  /** Index of the batch's first row in the file. */
  start: number;
  count: number;
  /** Shape of one row: the .npy's shape after the first axis, or [columns] for CSV. */
  rowShape: number[];
}

/** Format 1.0 headers are at most 65,535 bytes after 10 bytes of preamble. */
const NPY_HEAD_BYTES = 65_548;

async function* npyRows(file: string, batchSize: number): AsyncGenerator<RowBatch> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(Math.min(size, NPY_HEAD_BYTES));
    await handle.read(head, 0, head.length, 0);
    const layout = readNpyLayout(head, file);
    if (layout.shape.length < 2) throw new Error(`${file}: array shape (${layout.shape.join(', ')}) has no rows; expected (N, features...) `);
    const [rows, ...rowShape] = layout.shape as [number, ...number[]];
    const rowSize = rowShape.reduce((a, b) => a * b, 1);
    const needed = layout.dataOffset + rows * rowSize * layout.itemSize;
    if (size !== needed) throw new Error(`${file}: ${size < needed ? 'truncated' : 'size mismatch'}: shape (${layout.shape.join(', ')}) of ${layout.dtype} needs ${needed} bytes, the file has ${size}`);
    for (let start = 0; start < rows; start += batchSize) {
      const count = Math.min(batchSize, rows - start);
      const bytes = new Uint8Array(count * rowSize * layout.itemSize);
      await handle.read(bytes, 0, bytes.length, layout.dataOffset + start * rowSize * layout.itemSize);
      const raw = decodeNpyValues(bytes, 0, count * rowSize, layout.dtype, layout.littleEndian);
      const values = raw instanceof Uint8Array ? bytesToUnitFloats(raw) : Float32Array.from(raw);
      yield { values, start, count, rowShape };
    }
  } finally {
    await handle.close();
  }
}

async function* csvRows(file: string, batchSize: number): AsyncGenerator<RowBatch> {
  let names: string[] | undefined;
  let columns: number | undefined;
  let values = new Float32Array(0);
  let count = 0;
  let start = 0;
  const batch = (): RowBatch => {
    const done = { values: values.subarray(0, count * columns!), start, count, rowShape: [columns!] };
    start += count;
    count = 0;
    values = new Float32Array(batchSize * columns!);
    return done;
  };
  for await (const { cells, line } of streamCsvRecords(file)) {
    if (columns === undefined) {
      columns = cells.length;
      if (columns > DATA_LIMITS.sampleValues) throw new Error(`${file}: line ${line} has ${columns.toLocaleString('en-US')} values; one row may hold at most ${DATA_LIMITS.sampleValues.toLocaleString('en-US')}`);
      values = new Float32Array(batchSize * columns);
      if (looksLikeHeader(cells)) {
        names = cells;
        continue;
      }
    }
    if (cells.length !== columns) throw new Error(`${file}: line ${line} has ${cells.length} values, expected ${columns} like the ${names ? 'header' : 'first row'}`);
    cells.forEach((cell, c) => (values[count * columns! + c] = parseCell(cell, `${file}: line ${line}, ${columnName(c, names)}`)));
    if (++count === batchSize) yield batch();
  }
  if (count > 0) yield batch();
}

/** Batches of rows of a .npy or .csv file, in file order. */
export function streamRows(file: string, batchSize: number): AsyncGenerator<RowBatch> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.npy')) return npyRows(file, batchSize);
  if (lower.endsWith('.csv')) return csvRows(file, batchSize);
  throw new Error(`${file}: expected a .npy or .csv file of rows`);
}
