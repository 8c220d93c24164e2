/** Numeric arrays from a user's file: a CSV of rows or a NumPy .npy array. */
import { flatRowShape, npyDataset, npyRowsToTake } from './arrays.js';
import { readCsvTable } from './csv.js';
import { openNpyFile } from './npy-file.js';
import type { ImageDataset, UserDataOptions } from './types.js';

/** A CSV streamed in (only its numbers held, within DATA_LIMITS); with a limit, its first rows only. */
export async function loadCsvFile(file: string, options: UserDataOptions, limit: number | undefined): Promise<ImageDataset> {
  const table = await readCsvTable(file, options.csv, limit !== undefined ? { maxRows: limit } : {});
  return {
    name: file,
    images: table.data,
    ...(table.labels ? { labels: table.labels } : {}),
    ...(table.classNames ? { classNames: table.classNames } : {}),
    ...(table.columnMeans ? { columnMeans: table.columnMeans } : {}),
    // Names said twice could not find their columns again in new data, so only distinct ones are kept.
    ...(table.header && new Set(table.header).size === table.header.length ? { featureNames: table.header } : {}),
    count: table.rows,
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
