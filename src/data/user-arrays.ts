/** Numeric arrays from a user's file: a CSV of rows or a NumPy .npy array. */
import { promises as fs } from 'node:fs';
import { flatRowShape, npyDataset, npyRowsToTake } from './arrays.js';
import { parseCsvTable } from './csv.js';
import { openNpyFile } from './npy-file.js';
import type { ImageDataset, UserDataOptions } from './types.js';

export async function loadCsvFile(file: string, options: UserDataOptions, limit: number | undefined): Promise<ImageDataset> {
  const table = parseCsvTable(await fs.readFile(file, 'utf8'), file, options.csv);
  const count = Math.min(table.rows, limit ?? table.rows);
  return {
    name: file,
    images: table.data.slice(0, count * table.cols),
    ...(table.labels ? { labels: table.labels.slice(0, count) } : {}),
    ...(table.classNames ? { classNames: table.classNames } : {}),
    count,
    shape: flatRowShape(table.cols, options, file),
    source: file,
  };
}

/** A .npy read header first: its shape and size checked before any value is read, then only the rows taken. */
export async function loadNpyFile(file: string, options: UserDataOptions, limit: number | undefined): Promise<ImageDataset> {
  const npy = await openNpyFile(file);
  try {
    const { shape, dtype } = npy.layout;
    const count = npyRowsToTake(shape, limit, file);
    const data = await npy.read(0, count * shape.slice(1).reduce((a, b) => a * b, 1));
    return npyDataset({ shape, dtype, data }, options, limit, file);
  } finally {
    await npy.close();
  }
}
