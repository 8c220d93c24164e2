import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { loadDataset } from './load.js';
import { encodeIdx } from './idx-format.js';
import { encodeNpy } from './npy-format.js';
import { fetchDataset } from './fetch.js';
import type { ImageDataset } from './types.js';

let server: Server;
let base: string;
let digits: ImageDataset;

before(async () => {
  digits = await loadDataset('mnist', 'test', { limit: 40 });
  const bytes = Uint8Array.from(digits.images, (v) => Math.round(v * 255));
  const images = encodeIdx([digits.count, 28, 28], bytes);
  const labels = encodeIdx([digits.count], Uint8Array.from(digits.labels!));
  const files: Record<string, Uint8Array> = {
    '/images.idx': images,
    '/images.idx.gz': gzipSync(images),
    '/labels.idx': labels,
    '/digits.npy': encodeNpy(digits.images, [digits.count, 28, 28]),
    '/truncated.idx': images.subarray(0, 1000),
    '/broken.gz': gzipSync(images).subarray(0, 500),
    '/text.txt': new TextEncoder().encode('hello'),
    '/digit.png': Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  };
  server = createServer((request, response) => {
    const body = files[request.url ?? ''];
    response.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

test('IDX images and labels over http, raw or gzipped, read as the loader reads them; limit keeps the first', async () => {
  for (const file of ['/images.idx', '/images.idx.gz']) {
    const fetched = await fetchDataset(`${base}${file}`, { labels: `${base}/labels.idx` });
    assert.deepEqual(fetched.shape, [28, 28, 1]);
    assert.equal(fetched.count, 40);
    assert.deepEqual(fetched.images, digits.images, `${file}: the same pixels`);
    assert.deepEqual(fetched.labels, digits.labels);
  }
  const first = await fetchDataset(`${base}/images.idx.gz`, { labels: `${base}/labels.idx`, limit: 7 });
  assert.equal(first.count, 7);
  assert.deepEqual(first.images, digits.images.subarray(0, 7 * 784));
  assert.deepEqual(first.labels, digits.labels!.subarray(0, 7));
  const small = await fetchDataset(`${base}/images.idx`, { imageSize: [14, 14], limit: 2 });
  assert.deepEqual(small.shape, [14, 14, 1]);
  assert.equal(small.images.length, 2 * 196);
});

test('a .npy array over http gives the same images', async () => {
  const fetched = await fetchDataset(`${base}/digits.npy`);
  assert.deepEqual(fetched.shape, [28, 28, 1]);
  assert.deepEqual(fetched.images, digits.images);
});

test('missing, truncated, corrupt and unknown files are errors naming the URL and the fault', async () => {
  await assert.rejects(fetchDataset(`${base}/nothing.idx`), new RegExp(`^Error: ${base}/nothing.idx: HTTP 404`));
  await assert.rejects(fetchDataset(`${base}/truncated.idx`), /truncated.idx: truncated: header says 40x28x28 = 31360 bytes of pixels, found 984/);
  await assert.rejects(fetchDataset(`${base}/broken.gz`), /broken.gz: not valid gzip/);
  await assert.rejects(fetchDataset(`${base}/text.txt`), /text.txt: not a dataset aekit reads \(expected IDX images/);
  await assert.rejects(fetchDataset(`${base}/digits.npy`, { labels: `${base}/labels.idx` }), /a labels URL goes only with IDX images/);
  await assert.rejects(fetchDataset(`${base}/digit.png`), /digit.png: decoding PNG needs a browser \(createImageBitmap and OffscreenCanvas\)/);
  await assert.rejects(fetchDataset('http://127.0.0.1:1/x.idx'), /x.idx: cannot fetch/);
});
