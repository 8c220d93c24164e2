/**
 * A large .npy or CSV read a batch of rows at a time, so scoring millions of rows holds one batch
 * in memory. Values come as float32; a uint8 .npy is taken as pixels and scaled to [0, 1] (as the
 * loaders do), anything else as already scaled. CSV: split into records by csv-parse's stream
 * parser (a quoted field may hold commas and newlines, and a batch never cuts a record in two),
 * each record read by csv.ts's own rules and options (header, label column left out, feature
 * columns, missing cells). Missing 'mean' needs the training means (`fillMeans`): a stream is
 * never held whole, so it has no means of its own.
 */
import { promises as fs } from 'node:fs';
import { bytesToUnitFloats } from './checks.js';
import { checkCsvOptions, fillMissingCells, readCsvFeatures, resolveCsvLayout, type CsvLayout, type CsvReadOptions } from './csv.js';
import { streamCsvRecords } from './csv-records.js';
import { DATA_LIMITS } from './limits.js';
import { decodeNpyValues, readNpyLayout } from './npy.js';

export interface RowBatch {
  /** count x rowSize values. */
  values: Float32Array;
  /** Index of the batch's first row in the file. */
  start: number;
  count: number;
  /**
   * Each row's 0-based index among the file's data rows, when rows were left out (a CSV read
   * with missing 'drop'); otherwise the rows are start, start + 1, ...
   */
  indices?: Float64Array;
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

async function* csvRows(file: string, batchSize: number, options: CsvReadOptions): AsyncGenerator<RowBatch> {
  checkCsvOptions(options);
  const missing = options.missing ?? 'error';
  if (missing === 'mean' && !options.fillMeans) {
    throw new Error(`${file}: missing 'mean' needs the training file's column means (fillMeans) to read rows batch by batch; a streamed file has no means of its own`);
  }
  let layout: CsvLayout | undefined;
  let values = new Float32Array(0);
  let indices = new Float64Array(batchSize);
  let count = 0;
  /** Data rows read so far, kept or dropped. */
  let read = 0;
  const batch = (): RowBatch => {
    const cols = layout!.features.length;
    const done: RowBatch = { values: values.subarray(0, count * cols), start: indices[0]!, count, rowShape: [cols], ...(missing === 'drop' ? { indices: indices.subarray(0, count) } : {}) };
    if (options.fillMeans) fillMissingCells(done.values, options.fillMeans);
    count = 0;
    values = new Float32Array(batchSize * cols);
    indices = new Float64Array(batchSize);
    return done;
  };
  for await (const record of streamCsvRecords(file)) {
    if (!layout) {
      layout = resolveCsvLayout(record.cells, record.line, file, options, DATA_LIMITS.sampleValues);
      values = new Float32Array(batchSize * layout.features.length);
      if (layout.names) continue;
    }
    const complete = readCsvFeatures(record, layout, file, missing, values, count * layout.features.length);
    const index = read++;
    if (!complete && missing === 'drop') continue;
    indices[count] = index;
    if (++count === batchSize) yield batch();
  }
  if (count > 0) yield batch();
}

/** Batches of rows of a .npy or .csv file, in file order; `csv` says how a CSV is read (csv.ts's options). */
export function streamRows(file: string, batchSize: number, csv: CsvReadOptions = {}): AsyncGenerator<RowBatch> {
  const lower = file.toLowerCase();
  if (lower.endsWith('.npy')) return npyRows(file, batchSize);
  if (lower.endsWith('.csv')) return csvRows(file, batchSize, csv);
  throw new Error(`${file}: expected a .npy or .csv file of rows`);
}
