/**
 * Numeric CSV tables: one example per row. The text is split into records by csv-parse (quoted
 * fields with commas, quotes and newlines, a byte-order mark, CRLF); this file turns the records
 * into numbers and says which line and column is wrong when one cannot be.
 *
 * - Header: a first row none of whose cells is a number is a header (`header: 'auto'`), so a typo
 *   in the first data row is reported as a bad cell rather than silently taken for names;
 *   `header: true / false` decides instead.
 * - Columns are named by header name or by 0-based index (pandas' and NumPy's convention).
 *   `labelColumn` is kept as labels (whole numbers, or names that become class indices in sorted
 *   order), never as a feature; `columns` picks the features (default: every other column).
 * - A missing value (an empty cell, `NA` or `N/A`) is an error naming its line and column, unless
 *   `missing` is 'drop' (the row goes) or 'mean' (the column's mean over this file's rows).
 * - `NaN`, `Infinity` and numbers beyond float32's range are always refused, naming the cell.
 */
import { parse } from 'csv-parse/sync';
import type { InfoRecord } from 'csv-parse';

// Writing CSV needs no parser, so a page can do it without csv-parse: csv-write.ts.
export { formatCsvMatrix, formatFloat32 } from './csv-write.js';

/** What a CSV reader does with an empty or NA cell: fail naming it, drop its row, or use the column mean. */
export const MISSING_POLICIES = ['error', 'drop', 'mean'] as const;
export type MissingPolicy = (typeof MISSING_POLICIES)[number];

/** A column by header name or by 0-based index. */
export type ColumnRef = string | number;

export interface CsvReadOptions {
  /** Whether the first row holds column names (default 'auto'). */
  header?: boolean | 'auto';
  /** The column holding each row's label: kept as labels, not features. */
  labelColumn?: ColumnRef;
  /** The feature columns, in this order (default: every column but the label column). */
  columns?: ColumnRef[];
  /** What a missing value does (default 'error'). */
  missing?: MissingPolicy;
}

export interface CsvMatrix {
  rows: number;
  cols: number;
  /** rows x cols, row-major. */
  data: Float32Array;
  /** The feature columns' names, when the file has a header. */
  header?: string[];
}

export interface CsvTable extends CsvMatrix {
  /** One label per row, when a label column was given. */
  labels?: Int32Array;
  /** Label names when the label column holds names (label i is classNames[i]). */
  classNames?: string[];
  /** Rows left out because of missing values (`missing: 'drop'`). */
  droppedRows: number;
}

/** The largest finite float32; beyond it a value would become Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;
const MISSING_TOKENS = new Set(['', 'NA', 'N/A']);

export interface CsvRecord {
  cells: string[];
  /** Line (1-based) the record starts on, as a text editor shows it. */
  line: number;
}

/** How csv-parse splits every CSV aekit reads, whole (here) or streamed (row-stream.ts). */
export const CSV_PARSE_OPTIONS = { bom: true, info: true, skip_empty_lines: true, relax_column_count: true, trim: true } as const;

/** A csv-parse record with `info: true`. */
export interface ParsedRecord {
  record: string[];
  info: InfoRecord;
}

/** csv-parse counts the line a record ends on; quoted newlines inside it move its start back. */
export function csvRecord({ record, info }: ParsedRecord): CsvRecord {
  return { cells: record, line: info.lines - record.reduce((sum, cell) => sum + (cell.match(/\n/g)?.length ?? 0), 0) };
}

/** A csv-parse failure as one line naming the file (its message names the line). */
export function csvSyntaxError(error: unknown, what: string): Error {
  return new Error(`${what}: ${(error as Error).message} (not a well-formed CSV file)`);
}

function readRecords(text: string, what: string): CsvRecord[] {
  let parsed: ParsedRecord[];
  try {
    // csv-parse's types do not model `info: true`, which wraps each record as { record, info }.
    parsed = parse(text, CSV_PARSE_OPTIONS) as unknown as ParsedRecord[];
  } catch (error) {
    throw csvSyntaxError(error, what);
  }
  return parsed.map(csvRecord);
}

function isNumber(cell: string): boolean {
  return cell !== '' && !Number.isNaN(Number(cell));
}

/** The first row is a header when none of its cells is a number (so a typo in data is reported, not taken for names). */
export function looksLikeHeader(cells: string[]): boolean {
  return cells.every((cell) => !isNumber(cell));
}

/** The 0-based index of a column reference. */
function resolveColumn(ref: ColumnRef, names: string[] | undefined, cols: number, what: string, option: string): number {
  if (typeof ref === 'string' && names?.includes(ref)) return names.indexOf(ref);
  const index = typeof ref === 'number' ? ref : /^\d+$/.test(ref.trim()) ? Number(ref) : NaN;
  if (Number.isInteger(index) && index >= 0 && index < cols) return index;
  const known = names ? `its columns are ${names.map((n) => `'${n}'`).join(', ')} (or indices 0-${cols - 1})` : `it has no header, so name columns by index 0-${cols - 1}`;
  throw new Error(`${what}: ${option} '${ref}' is not a column: ${known}`);
}

export function columnName(index: number, names: string[] | undefined): string {
  return names ? `column '${names[index]}' (index ${index})` : `column ${index}`;
}

function checkOptions(options: CsvReadOptions): void {
  if (options.missing !== undefined && !MISSING_POLICIES.includes(options.missing)) {
    throw new Error(`missing must be one of ${MISSING_POLICIES.join(', ')}, got '${String(options.missing)}'`);
  }
  if (options.header !== undefined && options.header !== 'auto' && typeof options.header !== 'boolean') {
    throw new Error(`header must be true, false or 'auto', got '${String(options.header)}'`);
  }
}

/** Parses a numeric CSV table; see the file's header for the rules. `what` names the file in errors. */
export function parseCsvTable(text: string, what: string, options: CsvReadOptions = {}): CsvTable {
  checkOptions(options);
  const records = readRecords(text, what);
  if (records.length === 0) throw new Error(`${what}: the CSV file is empty`);
  const first = records[0]!.cells;
  const hasHeader = options.header === 'auto' || options.header === undefined ? looksLikeHeader(first) : options.header;
  const names = hasHeader ? first : undefined;
  const rows = hasHeader ? records.slice(1) : records;
  if (rows.length === 0) throw new Error(`${what}: the CSV file has a header but no data rows`);
  const width = first.length;
  for (const { cells, line } of rows) {
    if (cells.length !== width) {
      throw new Error(`${what}: line ${line} has ${cells.length} values, expected ${width} like the ${hasHeader ? 'header' : 'first row'}`);
    }
  }

  const label = options.labelColumn === undefined ? undefined : resolveColumn(options.labelColumn, names, width, what, 'label column');
  const features = options.columns
    ? options.columns.map((ref) => resolveColumn(ref, names, width, what, 'column'))
    : Array.from({ length: width }, (_, i) => i).filter((i) => i !== label);
  if (features.length === 0) throw new Error(`${what}: no feature columns left (the only column is the label column)`);
  if (label !== undefined && features.includes(label)) throw new Error(`${what}: the label ${columnName(label, names)} is also listed as a feature column`);

  const table = readFeatures(rows, features, names, options.missing ?? 'error', what);
  const kept = table.keptRows.map((i) => rows[i]!);
  return {
    rows: kept.length,
    cols: features.length,
    data: table.data,
    ...(names ? { header: features.map((i) => names[i]!) } : {}),
    ...(label !== undefined ? readLabels(kept, label, names, what) : {}),
    droppedRows: rows.length - kept.length,
  };
}

function readFeatures(rows: CsvRecord[], features: number[], names: string[] | undefined, missing: MissingPolicy, what: string): { data: Float32Array; keptRows: number[] } {
  const values = new Float64Array(rows.length * features.length);
  const isMissing = new Uint8Array(values.length);
  const keptRows: number[] = [];
  rows.forEach(({ cells, line }, r) => {
    let complete = true;
    features.forEach((column, c) => {
      const cell = cells[column]!;
      if (MISSING_TOKENS.has(cell)) {
        if (missing === 'error') {
          throw new Error(`${what}: line ${line}, ${columnName(column, names)}: missing value; fill it in, or pass missing 'drop' (leave the row out) or 'mean' (use the column's mean)`);
        }
        isMissing[r * features.length + c] = 1;
        complete = false;
        return;
      }
      values[r * features.length + c] = parseCell(cell, `${what}: line ${line}, ${columnName(column, names)}`);
    });
    if (complete || missing === 'mean') keptRows.push(r);
  });
  if (keptRows.length === 0) throw new Error(`${what}: every row has a missing value, so missing 'drop' leaves no data`);
  if (missing === 'mean') fillMeans(values, isMissing, features.length, (c) => `${what}: ${columnName(features[c]!, names)}`);
  const data = new Float32Array(keptRows.length * features.length);
  keptRows.forEach((r, k) => data.set(values.subarray(r * features.length, (r + 1) * features.length), k * features.length));
  return { data, keptRows };
}

/** One numeric cell; missing, non-numeric and non-finite cells are errors naming `where`. */
export function parseCell(cell: string, where: string): number {
  if (MISSING_TOKENS.has(cell)) throw new Error(`${where}: missing value`);
  const value = Number(cell);
  if (Number.isNaN(value)) {
    const hint = /[A-Za-z]/.test(cell) ? ' (if this column holds labels, name it as the label column)' : '';
    if (!/^[+-]?(nan|inf|infinity)$/i.test(cell)) throw new Error(`${where}: '${cell}' is not a number${hint}`);
  }
  if (!Number.isFinite(value) || Math.abs(value) > FLOAT32_MAX) {
    throw new Error(`${where}: '${cell}' is not a finite 32-bit number (NaN, Infinity and values beyond ±3.4e38 are refused; leave the cell empty for a missing value)`);
  }
  return value;
}

/** Replaces missing values by their column's mean over the rows that have one. */
function fillMeans(values: Float64Array, isMissing: Uint8Array, cols: number, name: (column: number) => string): void {
  const rows = values.length / cols;
  for (let c = 0; c < cols; c++) {
    let sum = 0;
    let count = 0;
    for (let r = 0; r < rows; r++) if (!isMissing[r * cols + c]) (sum += values[r * cols + c]!), count++;
    if (count === 0) throw new Error(`${name(c)}: every value is missing, so there is no mean to fill in`);
    for (let r = 0; r < rows; r++) if (isMissing[r * cols + c]) values[r * cols + c] = sum / count;
  }
}

/** Whole numbers are labels as they are; otherwise each distinct name is a class, in sorted order. */
function readLabels(rows: CsvRecord[], column: number, names: string[] | undefined, what: string): { labels: Int32Array; classNames?: string[] } {
  const cells = rows.map(({ cells: row, line }) => {
    const cell = row[column]!;
    if (MISSING_TOKENS.has(cell)) throw new Error(`${what}: line ${line}, label ${columnName(column, names)}: missing label`);
    return cell;
  });
  if (cells.every((cell) => /^[+-]?\d+$/.test(cell) && Math.abs(Number(cell)) < 2 ** 31)) return { labels: Int32Array.from(cells, Number) };
  const classNames = [...new Set(cells)].sort();
  const index = new Map(classNames.map((name, i) => [name, i]));
  return { labels: Int32Array.from(cells, (cell) => index.get(cell)!), classNames };
}

/** The whole file as numbers: every column a feature (`parseCsvTable` without options). */
export function parseCsvMatrix(text: string, what: string): CsvMatrix {
  const { rows, cols, data, header } = parseCsvTable(text, what);
  return header ? { rows, cols, data, header } : { rows, cols, data };
}
