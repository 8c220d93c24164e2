import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../../../scripts/build-wasm.mjs', import.meta.url));
const runs = (tool: string): boolean => spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
const missing = [
  ...(runs(process.env['EMXX'] ?? 'em++') ? [] : ['emscripten']),
  ...(runs('clang++-19') && runs('wasm-ld-19') ? [] : ['clang-19 lld-19 (the relaxed-SIMD builds)']),
];
const SKIP = missing.length === 0 ? false : `${missing.join(' and ')} not installed (apt-get install emscripten clang-19 lld-19); the committed .wasm builds are used as they are`;

test('the committed .wasm builds (plain and relaxed SIMD) are what scripts/build-wasm.mjs makes from native/ today', { skip: SKIP }, () => {
  const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /matches a fresh build/);
});
