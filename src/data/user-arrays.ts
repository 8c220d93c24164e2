/** Numeric arrays from a user's file: a CSV of rows or a NumPy .npy array. */
import { promises as fs } from 'node:fs';
import { flatRowShape, npyDataset } from './arrays.js';
import { parseCsvTable } from './csv.js';
import { readNpy } from './npy.js';
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

export async function loadNpyFile(file: string, options: UserDataOptions, limit: number | undefined): Promise<ImageDataset> {
  return npyDataset(readNpy(await fs.readFile(file), file), options, limit, file);
}
