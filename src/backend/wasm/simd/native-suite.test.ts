/**
 * The native engine's kernel tests (src/backend/native/*.test.ts: every kernel against the tfjs
 * cpu backend on random shapes, strides, paddings and batch sizes, values and gradients, one and
 * two threads) run again on the WebAssembly build: one suite for both engines, selected by
 * AEKIT_TEST_ENGINE in testing/support/native.ts. Twice: on the plain SIMD128 build and on the
 * relaxed-SIMD one (f32x4.relaxed_madd tiles), which Node 20's V8 runs behind a flag.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { wasmFeatures } from './features.js';

const nativeTests = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'native');
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';

/** Whether this Node runs relaxed SIMD with `flags` (Node 20 only behind RELAXED_FLAG). */
function relaxedWith(flags: string[]): boolean {
  const probe = `import('${new URL('./features.js', import.meta.url).href}').then((m) => process.exit(m.wasmFeatures().relaxedSimd ? 0 : 1))`;
  return spawnSync(process.execPath, [...flags, '-e', probe]).status === 0;
}

function runSuite(flags: string[], build: string): void {
  const files = readdirSync(nativeTests).filter((f) => f.endsWith('.test.js')).map((f) => join(nativeTests, f));
  assert.ok(files.length >= 10, `expected the native kernel tests in ${nativeTests}, found ${files.length}`);
  // A fresh runner: with the parent's NODE_TEST_CONTEXT the child would report to it, not to us.
  const env: NodeJS.ProcessEnv = { ...process.env, AEKIT_TEST_ENGINE: 'wasm-simd', AEKIT_TEST_WASM_BUILD: build };
  delete env['NODE_TEST_CONTEXT'];
  const run = spawnSync(process.execPath, [...flags, '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
    env,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const summary = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 0, `native suite on wasm-simd (${build}) failed:\n${summary.slice(-6000)}`);
  const passed = /ℹ pass (\d+)/.exec(run.stdout);
  assert.ok(passed && Number(passed[1]) >= 50, `expected the suite's ~55 tests to pass, found: ${passed?.[0] ?? 'no summary'}`);
}

test('the native kernel suite passes on the WebAssembly SIMD engine (plain SIMD128 build)', { skip: wasmFeatures().relaxedSimd ? 'this runtime runs the relaxed build (tested below)' : false }, () => {
  runSuite([], 'aekit-simd-mt.wasm');
});

const relaxedFlags = wasmFeatures().relaxedSimd ? [] : [RELAXED_FLAG];
test('the native kernel suite passes on the relaxed-SIMD build', { skip: relaxedWith(relaxedFlags) ? false : `this Node has no relaxed SIMD, not even with ${RELAXED_FLAG}` }, () => {
  runSuite(relaxedFlags, 'aekit-simd-relaxed-mt.wasm');
});
