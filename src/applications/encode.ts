/**
 * Dimensionality reduction and feature extraction: the code of every sample (a variational
 * model's mean code), written as .npy or as CSV with a header and, when known, a label column.
 */
import * as path from 'node:path';
import { encodeNpy, formatCsvMatrix } from '../data/index.js';
import type { Codes } from '../models/inference.js';
import { writeFileAtomic } from '../util/atomic.js';

export type CodesFormat = 'npy' | 'csv';

export function codesFormatOf(file: string): CodesFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.npy') return 'npy';
  if (ext === '.csv') return 'csv';
  throw new Error(`${file}: unknown output format '${ext || '(no extension)'}': expected a .npy or .csv file`);
}

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

/** Writes codes atomically: .npy (count x size float32; labels go nowhere) or .csv. */
export async function writeCodes(file: string, codes: Codes): Promise<CodesFormat> {
  const format = codesFormatOf(file);
  await writeFileAtomic(file, format === 'npy' ? encodeNpy(codes.data, [codes.count, codes.size]) : codesCsv(codes));
  return format;
}
