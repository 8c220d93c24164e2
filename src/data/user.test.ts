import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { loadDataset } from './index.js';
import { encodeNpy } from './npy.js';
import { loadUserDataset } from './user.js';
import { missing } from '../../testing/support/datasets.js';

delete process.env['AEKIT_DATA_DIR'];

async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'aekit-user-'));
}

/** A PNG from rows of [r, g, b] (RGB, colour type 2) or of gray bytes (colour type 0). */
async function writePng(file: string, rows: (number | [number, number, number])[][]): Promise<void> {
  const height = rows.length;
  const width = rows[0]!.length;
  const png = new pngjs.PNG({ width, height });
  const gray = typeof rows[0]![0] === 'number';
  rows.flat().forEach((value, p) => {
    const [r, g, b] = typeof value === 'number' ? [value, value, value] : value;
    png.data.set([r, g, b, 255], 4 * p);
  });
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, pngjs.PNG.sync.write(png, { colorType: gray ? 0 : 2 }));
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance, `index ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

const luma = (r: number, g: number, b: number) => (0.299 * r + 0.587 * g + 0.114 * b) / 255;

test('a folder of PNGs with class subfolders: sorted classes and files, labels, gray and RGB', async () => {
  const root = await tempDir();
  await writePng(path.join(root, 'cat', 'b.png'), [[0, 51], [102, 255]]);
  await writePng(path.join(root, 'cat', 'a.png'), [[10, 20], [30, 40]]);
  await writePng(path.join(root, 'ant', 'z.png'), [[[255, 0, 0], [0, 255, 0]], [[0, 0, 255], [90, 90, 90]]]);
  await fs.writeFile(path.join(root, 'ant', 'notes.txt'), 'not an image');
  await fs.mkdir(path.join(root, 'empty-class'));

  const gray = await loadUserDataset(root);
  assert.deepEqual(gray.classNames, ['ant', 'cat']);
  assert.deepEqual(Array.from(gray.labels!), [0, 1, 1]);
  assert.deepEqual([gray.count, gray.shape, gray.source, gray.name, gray.split], [3, [2, 2, 1], root, root, undefined]);
  assertClose(gray.images, [
    luma(255, 0, 0), luma(0, 255, 0), luma(0, 0, 255), 90 / 255, // ant/z.png
    10 / 255, 20 / 255, 30 / 255, 40 / 255, // cat/a.png
    0, 0.2, 0.4, 1, // cat/b.png
  ]);

  const rgb = await loadUserDataset(root, { channels: 3, limit: 2 });
  assert.deepEqual([rgb.count, rgb.shape, Array.from(rgb.labels!)], [2, [2, 2, 3], [0, 1]]);
  assertClose(rgb.images.subarray(0, 12), [1, 0, 0, 0, 1, 0, 0, 0, 1, 90 / 255, 90 / 255, 90 / 255]);
  assertClose(rgb.images.subarray(12, 15), [10 / 255, 10 / 255, 10 / 255]);

  const small = await loadUserDataset(root, { imageSize: [1, 1] });
  assertClose(small.images, [
    (luma(255, 0, 0) + luma(0, 255, 0) + luma(0, 0, 255) + 90 / 255) / 4,
    100 / 255 / 4,
    (0 + 0.2 + 0.4 + 1) / 4,
  ], 1e-6);
  await fs.rm(root, { recursive: true });
});

test('a flat folder: no labels, files in name order; images of mixed sizes only with imageSize', async () => {
  const root = await tempDir();
  await writePng(path.join(root, 'img2.png'), [[200, 200], [200, 200]]);
  await writePng(path.join(root, 'img10.png'), [[0, 0, 0], [0, 255, 0], [0, 0, 0]]);
  // Never resized silently to the first image's size: the sizes differ, and nobody asked.
  await assert.rejects(loadUserDataset(root), {
    message: `${path.join(root, 'img2.png')}: 2x2 pixels, but ${path.join(root, 'img10.png')} is 3x3; images of different sizes are resized only when asked: pass --image-size HxW (imageSize)`,
  });
  const data = await loadUserDataset(root, { imageSize: [3, 3] });
  assert.equal(data.labels, undefined);
  assert.deepEqual([data.count, data.shape], [2, [3, 3, 1]]);
  assertClose(data.images.subarray(0, 9), [0, 0, 0, 0, 1, 0, 0, 0, 0]); // img10 sorts first
  assertClose(data.images.subarray(9), new Array(9).fill(200 / 255)); // 2x2 grown to 3x3
  await fs.rm(root, { recursive: true });
});

test('a JPEG, alone or in a folder', async () => {
  const root = await tempDir();
  const width = 8;
  const height = 8;
  const rgba = new Uint8Array(width * height * 4).fill(100);
  const file = path.join(root, 'gray.jpg');
  await fs.writeFile(file, jpeg.encode({ width, height, data: rgba }, 95).data);
  const single = await loadUserDataset(file);
  assert.deepEqual([single.count, single.shape, single.source], [1, [8, 8, 1], path.resolve(file)]);
  // JPEG is lossy; a flat gray block survives within a couple of levels.
  assertClose(single.images, new Array(64).fill(100 / 255), 2 / 255);
  const folder = await loadUserDataset(root, { imageSize: [4, 4], channels: 3 });
  assert.deepEqual([folder.count, folder.shape], [1, [4, 4, 3]]);
  await fs.rm(root, { recursive: true });
});

test('folder problems get clear errors', async () => {
  const root = await tempDir();
  await assert.rejects(loadUserDataset(root), {
    message: `${root}: no PNG or JPEG images in this folder or its immediate subfolders (looked for .png, .jpg, .jpeg)`,
  });
  await writePng(path.join(root, 'stray.png'), [[1]]);
  await writePng(path.join(root, 'digits', 'one.png'), [[1]]);
  await assert.rejects(loadUserDataset(root), /has images both directly inside \(stray\.png, \.\.\.\) and in class subfolders \(digits\/, \.\.\.\)/);
  await fs.writeFile(path.join(root, 'digits', 'broken.png'), 'not really a png');
  await fs.rm(path.join(root, 'stray.png'));
  await assert.rejects(loadUserDataset(root), { message: `${path.join(root, 'digits', 'broken.png')}: not a PNG or JPEG image (unrecognised first bytes)` });
  await assert.rejects(loadUserDataset(path.join(root, 'missing')), { message: `${path.join(root, 'missing')}: no such file or folder` });
  await fs.writeFile(path.join(root, 'x.txt'), 'hello');
  await assert.rejects(loadUserDataset(path.join(root, 'x.txt')), /x\.txt: unsupported data file '\.txt'; expected a folder of PNG\/JPEG images, a \.csv or a \.npy file/);
  await fs.writeFile(path.join(root, 'empty.csv'), '');
  await assert.rejects(loadUserDataset(path.join(root, 'empty.csv')), { message: `${path.join(root, 'empty.csv')}: the file is empty` });
  await assert.rejects(loadUserDataset(root, { channels: 2 as 1 }), { message: 'channels must be 1 or 3, got 2' });
  await fs.rm(root, { recursive: true });
});

test('a CSV: one example per row, reshaped when imageSize is given', async () => {
  const root = await tempDir();
  const file = path.join(root, 'rows.csv');
  await fs.writeFile(file, 'p0,p1,p2,p3\n0,0.25,0.5,1\n1,1,0,0\n0.5,0.5,0.5,0.5\n');
  const flat = await loadUserDataset(file, { limit: 2 });
  assert.deepEqual([flat.count, flat.shape, flat.source], [2, [1, 4, 1], file]);
  assert.deepEqual(Array.from(flat.images), [0, 0.25, 0.5, 1, 1, 1, 0, 0]);
  const square = await loadUserDataset(file, { imageSize: [2, 2] });
  assert.deepEqual([square.count, square.shape], [3, [2, 2, 1]]);
  await assert.rejects(loadUserDataset(file, { imageSize: [3, 3] }), {
    message: `${file}: each row has 4 values, but imageSize 3x3 with 1 channel(s) needs 9`,
  });
  const bad = path.join(root, 'bad.csv');
  await fs.writeFile(bad, 'a,b\n1,2\n3,oops\n');
  await assert.rejects(loadUserDataset(bad), { message: `${bad}: line 3, column 'b' (index 1): 'oops' is not a number (if this column holds labels, name it as the label column)` });
  // The CSV options reach the reader: a label column becomes the labels, the rest the features.
  const labelled = path.join(root, 'labelled.csv');
  await fs.writeFile(labelled, 'x,kind,y\n1,cat,2\n3,cat,\n5,dog,6\n');
  const read = await loadUserDataset(labelled, { csv: { labelColumn: 'kind', missing: 'drop' }, limit: 5 });
  assert.deepEqual([read.count, read.shape, Array.from(read.images), Array.from(read.labels!), read.classNames], [2, [1, 2, 1], [1, 2, 5, 6], [0, 1], ['cat', 'dog']]);
  await fs.rm(root, { recursive: true });
});

test('an .npy array: (N, H, W), (N, D), (N, H, W, 3) and uint8 scaling', async () => {
  const root = await tempDir();
  const values = Float32Array.from({ length: 3 * 2 * 2 }, (_, i) => i / 11);
  const images = path.join(root, 'images.npy');
  await fs.writeFile(images, encodeNpy(values, [3, 2, 2]));
  const data = await loadUserDataset(images, { limit: 2 });
  assert.deepEqual([data.count, data.shape], [2, [2, 2, 1]]);
  assert.deepEqual(Array.from(data.images), Array.from(values.subarray(0, 8)));

  const rows = path.join(root, 'rows.npy');
  await fs.writeFile(rows, encodeNpy(values, [3, 4]));
  assert.deepEqual((await loadUserDataset(rows)).shape, [1, 4, 1]);
  assert.deepEqual((await loadUserDataset(rows, { imageSize: [2, 2] })).shape, [2, 2, 1]);

  const colour = path.join(root, 'colour.npy');
  await fs.writeFile(colour, encodeNpy(Float32Array.from([1, 0, 0, 0, 0, 1]), [1, 1, 2, 3]));
  const asRgb = await loadUserDataset(colour);
  assert.deepEqual(asRgb.shape, [1, 2, 3]);
  const asGray = await loadUserDataset(colour, { channels: 1 });
  assert.deepEqual(asGray.shape, [1, 2, 1]);
  assertClose(asGray.images, [0.299, 0.114]);

  // np.save of np.array([[[0, 255], [51, 102]]], dtype=np.uint8), written by numpy.
  const uint8 = path.join(root, 'bytes.npy');
  await fs.writeFile(uint8, Buffer.from('k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDEsIDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoA/zNm', 'base64'));
  assertClose((await loadUserDataset(uint8)).images, [0, 1, 0.2, 0.4]);

  const vector = path.join(root, 'vector.npy');
  await fs.writeFile(vector, encodeNpy(values, [12]));
  await assert.rejects(loadUserDataset(vector), { message: `${vector}: array shape (12) is not supported; expected (N, H, W), (N, H, W, C) or (N, D)` });
  await fs.rm(root, { recursive: true });
});

test('loadDataset: builtin names go to the builtin loader, anything else is a path', { skip: missing('mnist') }, async () => {
  const cacheDir = await tempDir();
  const mnist = await loadDataset('mnist', 'test', { cacheDir, download: false, limit: 3 });
  assert.deepEqual([mnist.name, mnist.split, Array.from(mnist.labels!)], ['mnist', 'test', [7, 2, 1]]);
  const file = path.join(cacheDir, 'two.csv');
  await fs.writeFile(file, '1,2,3,4\n');
  const user = await loadDataset(file, 'train', { imageSize: [2, 2] });
  assert.deepEqual([user.name, user.split, user.shape], [file, undefined, [2, 2, 1]]);
  await fs.rm(cacheDir, { recursive: true });
});
