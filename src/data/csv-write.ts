/** Numbers as CSV text: a matrix with an optional header row, each value the shortest decimal that reads back to the same float32. */

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
