/**
 * Dimensionality reduction and feature extraction: the code of every sample (a variational
 * model's mean code), written as .npy or as CSV with a header and, when known, a label column.
 */
import * as path from 'node:path';
import { encodeNpy } from '../data/npy-format.js';
import type { Codes } from '../models/inference.js';
import { writeFileAtomic } from '../util/atomic.js';
import { codesCsv } from './codes-csv.js';

export { codesCsv } from './codes-csv.js';

export type CodesFormat = 'npy' | 'csv';

export function codesFormatOf(file: string): CodesFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.npy') return 'npy';
  if (ext === '.csv') return 'csv';
  throw new Error(`${file}: unknown output format '${ext || '(no extension)'}': expected a .npy or .csv file`);
}

/** Writes codes atomically: .npy (count x size float32; labels go nowhere) or .csv. */
export async function writeCodes(file: string, codes: Codes): Promise<CodesFormat> {
  const format = codesFormatOf(file);
  await writeFileAtomic(file, format === 'npy' ? encodeNpy(codes.data, [codes.count, codes.size]) : codesCsv(codes));
  return format;
}
