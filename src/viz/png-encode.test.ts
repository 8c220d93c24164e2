import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { crc32, encodePng } from './png-encode.js';
import { Random } from '../util/random.js';

test('crc32 gives the standard check value', () => {
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('encodePng: pngjs (zlib) reads back every byte of grey and RGB images', () => {
  const random = new Random(5);
  for (const [width, height, channels] of [[1, 1, 1], [37, 11, 1], [13, 29, 3]] as const) {
    const data = Uint8Array.from({ length: width * height * channels }, (_, i) => (i % 7 === 0 ? 0 : Math.floor(random.next() * 256)));
    const decoded = PNG.sync.read(Buffer.from(encodePng({ width, height, channels, data })));
    assert.deepEqual([decoded.width, decoded.height], [width, height]);
    for (let p = 0; p < width * height; p++) {
      const rgb = channels === 1 ? [data[p]!, data[p]!, data[p]!] : [data[3 * p]!, data[3 * p + 1]!, data[3 * p + 2]!];
      assert.deepEqual([decoded.data[4 * p], decoded.data[4 * p + 1], decoded.data[4 * p + 2], decoded.data[4 * p + 3]], [...rgb, 255], `${width}x${height}x${channels} pixel ${p}`);
    }
  }
  assert.throws(() => encodePng({ width: 2, height: 2, channels: 3, data: new Uint8Array(11) }), /11 bytes do not make a 2x2 image of 3 channel\(s\)/);
});
