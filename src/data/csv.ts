/**
 * Numeric CSV matrices: one example per row, comma-separated, optional header row. The first
 * row counts as a header only when none of its cells is a number, so a typo in the first data
 * row is reported as a bad cell rather than silently taken for column names.
 */

export interface CsvMatrix {
  rows: number;
  cols: number;
  data: Float32Array;
  header?: string[];
}

function splitCells(line: string): string[] {
  return line.split(',').map((cell) => {
    const trimmed = cell.trim();
    return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  });
}

function parseNumber(cell: string): number | undefined {
  if (cell === '') return undefined;
  const value = Number(cell);
  return Number.isFinite(value) ? value : undefined;
}

export function parseCsvMatrix(text: string, what: string): CsvMatrix {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  // Line numbers (1-based) are kept so errors point at the line a text editor shows.
  const numbered = lines.map((line, i) => ({ line, number: i + 1 })).filter(({ line }) => line.trim() !== '');
  if (numbered.length === 0) throw new Error(`${what}: the CSV file is empty`);

  let header: string[] | undefined;
  const firstCells = splitCells(numbered[0]!.line);
  if (firstCells.every((cell) => parseNumber(cell) === undefined)) {
    header = firstCells;
    numbered.shift();
  }
  if (numbered.length === 0) throw new Error(`${what}: the CSV file has a header but no data rows`);

  const cols = header?.length ?? splitCells(numbered[0]!.line).length;
  const data = new Float32Array(numbered.length * cols);
  numbered.forEach(({ line, number }, row) => {
    const cells = splitCells(line);
    if (cells.length !== cols) {
      throw new Error(`${what}: line ${number} has ${cells.length} values, expected ${cols} like the ${header ? 'header' : 'first row'}`);
    }
    cells.forEach((cell, col) => {
      const value = parseNumber(cell);
      if (value === undefined) {
        const name = header ? ` ('${header[col]}')` : '';
        throw new Error(`${what}: line ${number}, column ${col + 1}${name}: '${cell}' is not a number`);
      }
      data[row * cols + col] = value;
    });
  });
  return header ? { rows: numbered.length, cols, data, header } : { rows: numbered.length, cols, data };
}

export function formatCsvMatrix(data: Float32Array, rows: number, cols: number, header?: string[]): string {
  if (rows * cols !== data.length) {
    throw new Error(`formatCsvMatrix: ${rows} rows x ${cols} columns = ${rows * cols} values, but the data has ${data.length}`);
  }
  if (header && header.length !== cols) {
    throw new Error(`formatCsvMatrix: the header has ${header.length} names for ${cols} columns`);
  }
  const lines: string[] = header ? [header.join(',')] : [];
  for (let r = 0; r < rows; r++) {
    lines.push(Array.from(data.subarray(r * cols, (r + 1) * cols), formatFloat32).join(','));
  }
  return lines.join('\n') + '\n';
}

/** The shortest decimal that reads back to the same float32 (0.1, not 0.10000000149011612). */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(Number(value.toPrecision(9)));
}
