/** Codes (one row per sample) as CSV text; writing them to a file is encode.ts (Node). */
import { formatCsvMatrix } from '../data/csv-write.js';
import type { Codes } from '../models/inference.js';

/** CSV text: header code_0..code_{n-1}[,label], one row per sample. */
export function codesCsv(codes: Codes): string {
  const header = Array.from({ length: codes.size }, (_, i) => `code_${i}`);
  if (!codes.labels) return formatCsvMatrix(codes.data, codes.count, codes.size, header);
  const cols = codes.size + 1;
  const table = new Float32Array(codes.count * cols);
  for (let n = 0; n < codes.count; n++) {
    table.set(codes.data.subarray(n * codes.size, (n + 1) * codes.size), n * cols);
    table[n * cols + codes.size] = codes.labels[n]!;
  }
  return formatCsvMatrix(table, codes.count, cols, [...header, 'label']);
}
