/**
 * Dimensionality reduction and feature extraction: the code of every sample (a variational
 * model's mean code), written as .npy or as CSV with a header and, when known, a label column.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readInto } from '../backend/read-values.js';
import * as path from 'node:path';
import type { Autoencoder } from '../models/autoencoder.js';
import { mapBatches, type SampleSet } from '../data/samples.js';
import { encodeNpy, formatCsvMatrix } from '../data/index.js';
import { writeFileAtomic } from '../util/atomic.js';
import { checkSamplesFit } from './anomaly.js';

export interface Codes {
  /** count x size, row-major (a convolutional code is flattened in NHWC order). */
  data: Float32Array;
  count: number;
  size: number;
  labels?: Int32Array;
}

export async function encodeAll(model: Autoencoder, set: SampleSet, batchSize = 256): Promise<Codes> {
  checkSamplesFit(model, set, 'encode');
  const size = model.codeShape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(set.count * size);
  await mapBatches(set, batchSize, (batch, start) => {
    const code = tf.tidy(() => model.encodeBatch(batch, false));
    readInto(code, data, start * size);
    code.dispose();
  });
  return set.labels ? { data, count: set.count, size, labels: set.labels } : { data, count: set.count, size };
}

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
