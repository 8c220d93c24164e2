/** One entry point for every dataset: a builtin name or a path to the user's own data. */
import { isBuiltinDatasetName } from './builtin-catalog.js';
import { loadBuiltinDataset } from './builtin.js';
import { loadUserDataset } from './user.js';
import type { ImageDataset, LoadOptions, Split, UserDataOptions } from './types.js';

/**
 * A builtin dataset by name ('mnist', 'fashion-mnist') or a user's path. The builtin names win,
 * so a folder called `mnist` in the current directory is reached as `./mnist`. `split` applies
 * to builtin datasets only.
 */
export function loadDataset(nameOrPath: string, split: Split, options: LoadOptions & UserDataOptions = {}): Promise<ImageDataset> {
  if (isBuiltinDatasetName(nameOrPath)) return loadBuiltinDataset(nameOrPath, split, options);
  const userOptions: UserDataOptions = { imageSize: options.imageSize, channels: options.channels, limit: options.limit, ...(options.csv ? { csv: options.csv } : {}) };
  return loadUserDataset(nameOrPath, userOptions);
}
