import { test } from 'node:test';
import assert from 'node:assert/strict';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import { checkImageHeader, readImageHeader } from './image-header.js';
import { decodeImage } from './image-decode.js';

test('the size in a real PNG and JPEG header is the size the decoder finds', () => {
  const [width, height] = [37, 23];
  const rgba = Buffer.alloc(width * height * 4, 128);
  const png = pngjs.PNG.sync.write(Object.assign(new pngjs.PNG({ width, height }), { data: rgba }));
  const jpg = jpeg.encode({ width, height, data: rgba }, 90).data;
  for (const [bytes, format] of [[png, 'PNG'], [jpg, 'JPEG']] as const) {
    const header = readImageHeader(bytes);
    assert.deepEqual(header, { format, width, height, interlaced: false });
    const decoded = decodeImage(bytes, format);
    assert.deepEqual([decoded.width, decoded.height], [width, height]);
  }
  assert.equal(readImageHeader(Buffer.from('not an image at all')), undefined);
});

test('an image larger than the pixel limit is refused from its header, before decoding', () => {
  const png = pngjs.PNG.sync.write(Object.assign(new pngjs.PNG({ width: 2, height: 2 }), { data: Buffer.alloc(16, 255) }));
  const claim = (width: number, height: number) => {
    const bytes = Uint8Array.from(png);
    new DataView(bytes.buffer).setUint32(16, width);
    new DataView(bytes.buffer).setUint32(20, height);
    return bytes;
  };
  assert.throws(() => checkImageHeader(claim(4097, 4096), 'big.png'), { message: 'big.png: PNG of 4097x4096 = 16,781,312 pixels; at most 16,777,216 (4096x4096) are decoded' });
  assert.deepEqual(checkImageHeader(claim(4096, 4096), 'fits.png'), { format: 'PNG', width: 4096, height: 4096, interlaced: false });
  assert.throws(() => decodeImage(claim(20000, 20000), 'huge.png'), /huge\.png: PNG of 20000x20000 = 400,000,000 pixels/);
});
