import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../../../../scripts/build-wasm.mjs', import.meta.url));
const emxx = spawnSync(process.env['EMXX'] ?? 'em++', ['--version'], { encoding: 'utf8' });
const SKIP = emxx.status === 0 ? false : 'emscripten not installed (apt-get install emscripten); the committed .wasm builds are used as they are';

test('the committed .wasm builds are what scripts/build-wasm.mjs makes from native/ today', { skip: SKIP }, () => {
  const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /matches a fresh build/);
});
