/** The data layer: builtin datasets (MNIST, Fashion-MNIST) and a user's own images or arrays. */
import { isBuiltinDatasetName } from './builtin-catalog.js';
import { loadBuiltinDataset } from './builtin.js';
import { loadUserDataset } from './user.js';
import type { ImageDataset, LoadOptions, Split, UserDataOptions } from './types.js';

export type { BuiltinDatasetName, ImageDataset, LoadOptions, Split, UserDataOptions } from './types.js';
export { BUILTIN_DATASETS, BUILTIN_DATASET_NAMES, isBuiltinDatasetName, splitFiles } from './builtin-catalog.js';
export { loadBuiltinDataset } from './builtin.js';
export { loadUserDataset } from './user.js';
export { datasetCacheDir, locateBuiltinFiles, type LocatedFiles } from './locate.js';
export { readIdx, readIdxFile, type IdxArray, type IdxKind } from './idx.js';
export { readNpy, encodeNpy, npyFloat32Header, NpyStreamWriter, type NpyArray, type NpyData, type NpyDtype } from './npy.js';
export { streamIdxImages, streamBuiltinSplit, type ImageBatch, type IdxStreamOptions, type BuiltinStreamOptions } from './idx-stream.js';
export { parseCsvMatrix, formatCsvMatrix, formatFloat32, type CsvMatrix } from './csv.js';
export { decodeImage, rgbaToChannels, type DecodedImage } from './image-decode.js';
export { resizeImage, convertChannels } from './resample.js';

/**
 * A builtin dataset by name ('mnist', 'fashion-mnist') or a user's path. The builtin names win,
 * so a folder called `mnist` in the current directory is reached as `./mnist`. `split` applies
 * to builtin datasets only.
 */
export function loadDataset(nameOrPath: string, split: Split, options: LoadOptions & UserDataOptions = {}): Promise<ImageDataset> {
  if (isBuiltinDatasetName(nameOrPath)) return loadBuiltinDataset(nameOrPath, split, options);
  const userOptions: UserDataOptions = { imageSize: options.imageSize, channels: options.channels, limit: options.limit };
  return loadUserDataset(nameOrPath, userOptions);
}
export { loadSplit, USER_TEST_FRACTION, type SplitOptions } from './splits.js';
