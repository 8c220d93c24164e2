/**
 * Numeric CSV tables: one example per row. The text is split into records by csv-parse
 * (csv-records.ts); this file turns the records into numbers, one record at a time, and says
 * which line and column is wrong when one cannot be.
 *
 * - Header: a first row none of whose cells is a number is a header (`header: 'auto'`), so a typo
 *   in the first data row is reported as a bad cell rather than silently taken for names;
 *   `header: true / false` decides instead.
 * - Columns are named by header name or by 0-based index (pandas' and NumPy's convention).
 *   `labelColumn` is kept as labels (whole numbers, or names that become class indices in sorted
 *   order), never as a feature; `columns` picks the features (default: every other column).
 *   New data for a model whose training file had a header (`featureNames`) is read by those names.
 * - A missing value (an empty cell, `NA` or `N/A`) is an error naming its line and column, unless
 *   `missing` is 'drop' (the row goes) or 'mean' (the column's mean: `fillMeans` when given, the
 *   means fitted on a model's training file; else this file's own, returned as `columnMeans`).
 * - `NaN`, `Infinity` and numbers beyond float32's range are always refused, naming the cell.
 * - Bounded memory: a file is streamed (`readCsvTable`), only its numbers are kept, and a row
 *   wider than DATA_LIMITS.sampleValues or a table past DATA_LIMITS.datasetValues is refused as
 *   soon as it is read, naming the line and row.
 *
 * The reading of one record (resolveCsvLayout, readCsvFeatures, fillMissingCells) also serves
 * row-stream.ts, which hands a file on a batch of rows at a time, so both read a CSV alike.
 */
import { DATA_LIMITS } from './limits.js';
import { parseCsvRecords, streamCsvRecords, type CsvRecord } from './csv-records.js';

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
  /**
   * With `missing: 'mean'`: the value per feature column that fills a missing cell, fitted on the
   * training file (scikit-learn's SimpleImputer: fit on train, transform new data); a training
   * run saves them in its config so that new data is filled as its training data was.
   * Without them a file is filled with its own means.
   */
  fillMeans?: number[];
  /**
   * The names of a model's feature columns in its training file's header, in training order
   * (scikit-learn's feature_names_in_); a training run saves them beside fillMeans. A new file with
   * a header is then read BY NAME in this order (whatever its column order; a missing name is an
   * error), since position would silently read the wrong columns; one without a header is read by
   * position and must have as many feature columns. `csvOptionsFor` drops them when `columns` is given.
   */
  featureNames?: string[];
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
  /** With `missing: 'mean'`: the value each feature column's missing cells got (`fillMeans`, or this file's means). */
  columnMeans?: number[];
}

/** How much one table read may hold (DATA_LIMITS; tests pass smaller ones). */
export interface CsvTableLimits {
  /** Values of one row (its cells, label included). */
  rowValues: number;
  /** Feature values of the whole table. */
  tableValues: number;
}

const DEFAULT_LIMITS: CsvTableLimits = { rowValues: DATA_LIMITS.sampleValues, tableValues: DATA_LIMITS.datasetValues };

/** The largest finite float32; beyond it a value would become Infinity. */
const FLOAT32_MAX = 3.4028234663852886e38;
const MISSING_TOKENS = new Set(['', 'NA', 'N/A']);
const count = (n: number) => n.toLocaleString('en-US');

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

export function checkCsvOptions(options: CsvReadOptions): void {
  if (options.missing !== undefined && !MISSING_POLICIES.includes(options.missing)) {
    throw new Error(`missing must be one of ${MISSING_POLICIES.join(', ')}, got '${String(options.missing)}'`);
  }
  if (options.header !== undefined && options.header !== 'auto' && typeof options.header !== 'boolean') {
    throw new Error(`header must be true, false or 'auto', got '${String(options.header)}'`);
  }
  if (options.fillMeans !== undefined && !(Array.isArray(options.fillMeans) && options.fillMeans.every((v) => typeof v === 'number' && Number.isFinite(v)))) {
    throw new Error(`fillMeans must be a list of finite numbers (one per feature column), got ${JSON.stringify(options.fillMeans)}`);
  }
  if (options.featureNames !== undefined && !(Array.isArray(options.featureNames) && options.featureNames.length > 0 && options.featureNames.every((v) => typeof v === 'string'))) {
    throw new Error(`featureNames must be a list of column names (one per feature column), got ${JSON.stringify(options.featureNames)}`);
  }
}

/**
 * How new data is read for a model: each option given now, else as the model's training file was
 * read (`trained`: a run's config, an export's metadata); missing 'mean' fills with the training
 * file's means (scikit-learn's SimpleImputer: fitted on train, applied to new data); the training
 * file's feature names come along unless `columns` is given now (the user's choice of columns wins).
 */
export function csvOptionsFor(given: CsvReadOptions | undefined, trained: CsvReadOptions | undefined): CsvReadOptions | undefined {
  if (!trained) return given;
  const { fillMeans, featureNames, ...reading } = trained;
  const options: CsvReadOptions = { ...reading, ...given };
  if (options.missing === 'mean' && fillMeans && !given?.fillMeans) options.fillMeans = fillMeans;
  if (featureNames && !given?.columns) options.featureNames ??= featureNames;
  return Object.keys(options).length > 0 ? options : undefined;
}

/** Where each kind of column is, decided by the first record. */
export interface CsvLayout {
  /** The header's cells, when the first record is one. */
  names: string[] | undefined;
  width: number;
  label: number | undefined;
  /** The feature columns, in the order they are read. */
  features: number[];
}

/** The columns of a table, from its first record and the options (header, label column, columns); `rowValues` bounds a row. */
export function resolveCsvLayout(first: string[], line: number, what: string, options: CsvReadOptions, rowValues: number): CsvLayout {
  if (first.length > rowValues) {
    throw new Error(`${what}: line ${line} has ${count(first.length)} values; one row may hold at most ${count(rowValues)}`);
  }
  const hasHeader = options.header === 'auto' || options.header === undefined ? looksLikeHeader(first) : options.header;
  const names = hasHeader ? first : undefined;
  const width = first.length;
  const label = options.labelColumn === undefined ? undefined : resolveColumn(options.labelColumn, names, width, what, 'label column');
  const features = options.featureNames && names
    ? options.featureNames.map((name) => columnByName(name, names, what))
    : options.columns
      ? options.columns.map((ref) => resolveColumn(ref, names, width, what, 'column'))
      : Array.from({ length: width }, (_, i) => i).filter((i) => i !== label);
  if (features.length === 0) throw new Error(`${what}: no feature columns left (the only column is the label column)`);
  if (label !== undefined && features.includes(label)) throw new Error(`${what}: the label ${columnName(label, names)} is also listed as a feature column`);
  checkTrainedWidth(features.length, options, what);
  return { names, width, label, features };
}

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

/** The column of a header named `name` (one the model was trained on): exactly one must bear it. */
function columnByName(name: string, names: string[], what: string): number {
  const index = names.indexOf(name);
  if (index < 0) {
    throw new Error(`${what}: no column '${name}', a feature column the model was trained on: its columns are ${quoted(names)}; rename the column, or pick the features with --columns`);
  }
  if (names.indexOf(name, index + 1) >= 0) {
    throw new Error(`${what}: two columns are named '${name}', a feature column the model was trained on, so it cannot be found by name; pick the features with --columns`);
  }
  return index;
}

/** A file read for a model must give it as many features as its training file did (known by their names or training means). */
function checkTrainedWidth(width: number, options: CsvReadOptions, what: string): void {
  const trained = options.featureNames?.length ?? options.fillMeans?.length;
  if (trained === undefined || trained === width) return;
  const known = options.featureNames ? `: ${quoted(options.featureNames)}` : ' (whose means fill missing values)';
  throw new Error(`${what} has ${width} feature columns, the model was trained on ${trained}${known}; read it with the columns the model was trained on: --columns, --label-column`);
}

/**
 * One data record's feature values into `out` from `at` (a missing cell becomes NaN, or is an
 * error naming its line and column with missing 'error'); true when no cell was missing.
 */
export function readCsvFeatures({ cells, line }: CsvRecord, layout: CsvLayout, what: string, missing: MissingPolicy, out: Float32Array, at: number): boolean {
  const { width, names, features } = layout;
  if (cells.length !== width) {
    throw new Error(`${what}: line ${line} has ${cells.length} values, expected ${width} like the ${names ? 'header' : 'first row'}`);
  }
  let complete = true;
  features.forEach((column, c) => {
    const cell = cells[column]!;
    if (MISSING_TOKENS.has(cell)) {
      if (missing === 'error') {
        throw new Error(`${what}: line ${line}, ${columnName(column, names)}: missing value; fill it in, or pass missing 'drop' (leave the row out) or 'mean' (use the column's mean)`);
      }
      out[at + c] = NaN;
      complete = false;
      return;
    }
    out[at + c] = parseCell(cell, `${what}: line ${line}, ${columnName(column, names)}`);
  });
  return complete;
}

/** Gives each missing cell (NaN) of row-major `data` its column's value in `means` (one per column). */
export function fillMissingCells(data: Float32Array, means: readonly number[]): void {
  const cols = means.length;
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i]!)) data[i] = means[i % cols]!;
}

/**
 * A table built one record at a time, so a streamed file is never held whole: only its numbers
 * (float32; a missing cell is NaN until it is filled) and one label id per row are kept.
 */
class CsvTableBuilder {
  private layout: CsvLayout | undefined;
  private values = new Float32Array(0);
  /** Rows kept, and data rows read (kept or dropped). */
  private rows = 0;
  private read = 0;
  private missingCells = false;
  /** Label id per kept row; ids index the distinct label cells in the order first seen. */
  private labelIds = new Int32Array(0);
  private labelNames = new Map<string, number>();

  constructor(
    private readonly what: string,
    private readonly options: CsvReadOptions,
    private readonly limits: CsvTableLimits,
    private readonly maxRows: number,
  ) {}

  /** Takes one record; false once `maxRows` rows are kept (the caller reads no more). */
  add(record: CsvRecord): boolean {
    if (!this.layout) {
      this.layout = resolveCsvLayout(record.cells, record.line, this.what, this.options, this.limits.rowValues);
      if (this.layout.names) return true;
    }
    const { features, label, names } = this.layout;
    this.read++;
    const cols = features.length;
    if ((this.rows + 1) * cols > this.limits.tableValues) {
      throw new Error(
        `${this.what}: line ${record.line} (data row ${count(this.read)}): ${count(this.rows + 1)} rows of ${cols} feature columns are more than the ${count(this.limits.tableValues)} values a table may hold; read fewer rows or --columns`,
      );
    }
    this.reserve((this.rows + 1) * cols);
    const missing = this.options.missing ?? 'error';
    const complete = readCsvFeatures(record, this.layout, this.what, missing, this.values, this.rows * cols);
    if (!complete && missing === 'drop') return true;
    this.missingCells ||= !complete;
    if (label !== undefined) this.addLabel(record.cells[label]!, record.line, label, names);
    this.rows++;
    return this.rows < this.maxRows;
  }

  finish(): CsvTable {
    const what = this.what;
    if (!this.layout) throw new Error(`${what}: the CSV file is empty`);
    if (this.read === 0) throw new Error(`${what}: the CSV file has a header but no data rows`);
    if (this.rows === 0) throw new Error(`${what}: every row has a missing value, so missing 'drop' leaves no data`);
    const { names, label, features } = this.layout;
    const data = this.values.slice(0, this.rows * features.length);
    this.values = new Float32Array(0);
    const columnMeans = this.options.missing === 'mean' ? this.fillMissing(data) : undefined;
    return {
      rows: this.rows,
      cols: features.length,
      data,
      ...(names ? { header: features.map((i) => names[i]!) } : {}),
      ...(label !== undefined ? this.labels() : {}),
      droppedRows: this.read - this.rows,
      ...(columnMeans ? { columnMeans } : {}),
    };
  }

  /** Room for `needed` values, doubling (up to the table limit) so a long file is copied a few times only. */
  private reserve(needed: number): void {
    if (needed <= this.values.length) return;
    const grown = new Float32Array(Math.min(Math.max(needed, 2 * this.values.length, 1024), this.limits.tableValues));
    grown.set(this.values);
    this.values = grown;
  }

  private addLabel(cell: string, line: number, column: number, names: string[] | undefined): void {
    if (MISSING_TOKENS.has(cell)) throw new Error(`${this.what}: line ${line}, label ${columnName(column, names)}: missing label`);
    let id = this.labelNames.get(cell);
    if (id === undefined) this.labelNames.set(cell, (id = this.labelNames.size));
    if (this.rows >= this.labelIds.length) {
      const grown = new Int32Array(Math.max(64, 2 * this.labelIds.length));
      grown.set(this.labelIds);
      this.labelIds = grown;
    }
    this.labelIds[this.rows] = id;
  }

  /** Whole numbers are labels as they are; otherwise each distinct name is a class, in sorted order. */
  private labels(): { labels: Int32Array; classNames?: string[] } {
    const seen = [...this.labelNames.keys()];
    const ids = this.labelIds.subarray(0, this.rows);
    if (seen.every((cell) => /^[+-]?\d+$/.test(cell) && Math.abs(Number(cell)) < 2 ** 31)) {
      const value = seen.map(Number);
      return { labels: Int32Array.from(ids, (id) => value[id]!) };
    }
    const classNames = [...seen].sort();
    const sortedIndex = seen.map((name) => classNames.indexOf(name));
    return { labels: Int32Array.from(ids, (id) => sortedIndex[id]!), classNames };
  }

  /** Fills each missing cell (NaN) with its column's training mean, or this table's mean; returns the means used. */
  private fillMissing(data: Float32Array): number[] {
    const { features, names } = this.layout!;
    const cols = features.length;
    const means = this.options.fillMeans ?? features.map((column, c) => {
      let sum = 0;
      let present = 0;
      for (let i = c; i < data.length; i += cols) if (!Number.isNaN(data[i]!)) (sum += data[i]!), present++;
      if (present === 0) throw new Error(`${this.what}: ${columnName(column, names)}: every value is missing, so there is no mean to fill in`);
      return sum / present;
    });
    if (this.missingCells) fillMissingCells(data, means);
    return means;
  }
}

/** Parses a numeric CSV table held in a string; see the file's header for the rules. `what` names the file in errors. */
export function parseCsvTable(text: string, what: string, options: CsvReadOptions = {}, limits: CsvTableLimits = DEFAULT_LIMITS): CsvTable {
  checkCsvOptions(options);
  const table = new CsvTableBuilder(what, options, limits, Infinity);
  for (const record of parseCsvRecords(text, what)) if (!table.add(record)) break;
  return table.finish();
}

export interface CsvFileReadOptions {
  /** Stop after this many rows are kept (the rest of the file is not read; 'mean' then fills with the means of these rows). */
  maxRows?: number;
  limits?: CsvTableLimits;
}

/** Reads a numeric CSV file as it streams in, holding only its numbers; the file is named in errors. */
export async function readCsvTable(file: string, options: CsvReadOptions = {}, read: CsvFileReadOptions = {}): Promise<CsvTable> {
  checkCsvOptions(options);
  const table = new CsvTableBuilder(file, options, read.limits ?? DEFAULT_LIMITS, read.maxRows ?? Infinity);
  for await (const record of streamCsvRecords(file)) if (!table.add(record)) break;
  return table.finish();
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

/** The whole file as numbers: every column a feature (`parseCsvTable` without options). */
export function parseCsvMatrix(text: string, what: string): CsvMatrix {
  const { rows, cols, data, header } = parseCsvTable(text, what);
  return header ? { rows, cols, data, header } : { rows, cols, data };
}
