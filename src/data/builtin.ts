/** MNIST and Fashion-MNIST with their standard train/test split (60,000 / 10,000 images). */
import * as path from 'node:path';
import { BUILTIN_DATASETS, BUILTIN_DATASET_NAMES, isBuiltinDatasetName } from './builtin-catalog.js';
import { readIdxFile } from './idx.js';
import { locateBuiltinFiles } from './locate.js';
import { bytesToUnitFloats, checkLimit } from './checks.js';
import type { BuiltinDatasetName, ImageDataset, LoadOptions, Split } from './types.js';

export async function loadBuiltinDataset(name: BuiltinDatasetName, split: Split, options: LoadOptions = {}): Promise<ImageDataset> {
  if (!isBuiltinDatasetName(name)) {
    throw new Error(`unknown builtin dataset '${name}'; expected one of: ${BUILTIN_DATASET_NAMES.join(', ')}`);
  }
  if (split !== 'train' && split !== 'test') throw new Error(`split must be 'train' or 'test', got '${String(split)}'`);
  const limit = checkLimit(options.limit);
  const located = await locateBuiltinFiles(name, split, options);
  const [images, labels] = await Promise.all([
    readIdxFile(located.images, 'images', limit),
    readIdxFile(located.labels, 'labels', limit),
  ]);
  const imageCount = images.dims[0]!;
  const labelCount = labels.dims[0]!;
  if (imageCount !== labelCount) {
    throw new Error(
      `${path.basename(located.images)} holds ${imageCount} images but ${path.basename(located.labels)} holds ` +
        `${labelCount} labels (in ${located.source}); the two files must come from the same release`,
    );
  }
  const [, height, width] = images.dims as [number, number, number];
  return {
    name,
    split,
    images: bytesToUnitFloats(images.data),
    labels: Int32Array.from(labels.data),
    count: images.items,
    shape: [height, width, 1],
    source: located.source,
    classNames: [...BUILTIN_DATASETS[name].classNames],
  };
}
