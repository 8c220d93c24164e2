import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c, maskCrc } from './crc32c.js';

test('crc32c matches the published CRC-32C check values', () => {
  // "123456789" is the standard check string; the zero/one blocks are from RFC 3720, appendix B.4.
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
  assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.equal(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.equal(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  assert.equal(crc32c(new Uint8Array(0)), 0);
});

test('maskCrc rotates right by 15 and adds 0xa282ead8, modulo 2^32', () => {
  assert.equal(maskCrc(0), 0xa282ead8);
  // 1 rotated right by 15 is 1 << 17.
  assert.equal(maskCrc(1), (0x20000 + 0xa282ead8) >>> 0);
  // 0x8000 rotated right by 15 is 1; 0xffffffff stays itself and the sum wraps.
  assert.equal(maskCrc(0x8000), 0xa282ead9);
  assert.equal(maskCrc(0xffffffff), 0xa282ead7);
});
