/**
 * Train/test splits for any dataset. Builtin datasets have their standard split; user data has
 * none, so its last 10% is the 'test' split and the rest 'train' — the same for training,
 * evaluation, the CLI and the dashboard.
 */
import { isBuiltinDatasetName } from './builtin-catalog.js';
import { loadDataset } from './load.js';
import type { ImageDataset, Split } from './types.js';
import type { CsvReadOptions } from './csv.js';

/** The share of a user's data (its last rows) that is the test split. */
export const USER_TEST_FRACTION = 0.1;

export interface SplitOptions {
  /** A builtin name or a path to user data. */
  dataset: string;
  dataDir?: string;
  limit?: number;
  imageSize?: [number, number];
  download?: boolean;
  /** How a .csv dataset is read. */
  csv?: CsvReadOptions;
}

/** The train or test split of a builtin dataset or of the user's data (last 10% is test), with the options applied. */
export async function loadSplit(options: SplitOptions, split: Split): Promise<ImageDataset> {
  const load = {
    ...(options.download !== undefined ? { download: options.download } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.imageSize ? { imageSize: options.imageSize } : {}),
    ...(options.csv ? { csv: options.csv } : {}),
  };
  if (isBuiltinDatasetName(options.dataset)) {
    return loadDataset(options.dataset, split, { ...load, ...(options.limit ? { limit: options.limit } : {}) });
  }
  const all = await loadDataset(options.dataset, split, load);
  if (all.count < 2) throw new Error(`dataset ${options.dataset}: needs at least 2 samples to hold some out for testing, found ${all.count}`);
  const testCount = Math.max(1, Math.floor(all.count * USER_TEST_FRACTION));
  const perImage = all.images.length / all.count;
  const [from, to] = split === 'train' ? [0, all.count - testCount] : [all.count - testCount, all.count];
  const count = Math.min(to - from, options.limit ?? Infinity);
  return {
    ...all,
    split,
    count,
    images: all.images.subarray(from * perImage, (from + count) * perImage),
    ...(all.labels ? { labels: all.labels.subarray(from, from + count) } : {}),
  };
}
