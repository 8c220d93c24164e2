/**
 * The native engine's kernel tests (src/backend/native/*.test.ts: every kernel against the tfjs
 * cpu backend on random shapes, strides, paddings and batch sizes, values and gradients, one and
 * two threads) run again on the WebAssembly build: one suite for both engines, selected by
 * AEKIT_TEST_ENGINE in testing/support/native.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const nativeTests = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'native');

test('the native kernel suite passes on the WebAssembly SIMD engine', () => {
  const files = readdirSync(nativeTests).filter((f) => f.endsWith('.test.js')).map((f) => join(nativeTests, f));
  assert.ok(files.length >= 10, `expected the native kernel tests in ${nativeTests}, found ${files.length}`);
  // A fresh runner: with the parent's NODE_TEST_CONTEXT the child would report to it, not to us.
  const env: NodeJS.ProcessEnv = { ...process.env, AEKIT_TEST_ENGINE: 'wasm-simd' };
  delete env['NODE_TEST_CONTEXT'];
  const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
    env,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const summary = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.status, 0, `native suite on wasm-simd failed:\n${summary.slice(-6000)}`);
  const passed = /ℹ pass (\d+)/.exec(run.stdout);
  assert.ok(passed && Number(passed[1]) >= 50, `expected the suite's ~55 tests to pass, found: ${passed?.[0] ?? 'no summary'}`);
});
