import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GLYPH_HEIGHT, glyphFor } from './font.js';

test('every printable ASCII character has its own glyph', () => {
  const seen = new Map<string, string>();
  for (let code = 32; code <= 126; code++) {
    const char = String.fromCharCode(code);
    const key = Array.from(glyphFor(char)).join(',');
    assert.equal(glyphFor(char).length, GLYPH_HEIGHT);
    assert.ok(!seen.has(key), `'${char}' looks the same as '${seen.get(key)}'`);
    seen.set(key, char);
  }
  assert.equal(seen.size, 95);
});

test('glyph bits match the drawn rows', () => {
  // 'T': a full top bar, then the middle column down to the baseline.
  assert.deepEqual(Array.from(glyphFor('T')), [0b11111, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0]);
  // 'g' uses the descender row; space is blank.
  assert.equal(glyphFor('g')[7], 0b01110);
  assert.ok(glyphFor(' ').every((row) => row === 0));
});

test('characters outside printable ASCII fall back to ?', () => {
  for (const char of ['é', '\t', '\u00a0', '字', '\u007f']) assert.deepEqual(glyphFor(char), glyphFor('?'));
});
