import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend, backendInfo, selectionForTests, type BackendName } from './select.js';

/** Runs `body` with stderr captured; returns what was written. */
async function captureStderr(body: () => Promise<unknown>): Promise<string> {
  const original = process.stderr.write.bind(process.stderr);
  let written = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await body();
  } finally {
    process.stderr.write = original;
  }
  return written;
}

beforeEach(() => {
  selectionForTests.reset();
  selectionForTests.nativeModule = './native/not-built-for-this-test.js';
  selectionForTests.wasmSimdModule = './wasm/simd/node.js';
  delete process.env['AEKIT_BACKEND'];
  delete process.env['AEKIT_THREADS'];
  delete process.env['AEKIT_MALLOC'];
});

test("'auto' without tfjs-node and native picks the WebAssembly SIMD engine with threads, and reports SIMD and relaxed SIMD", async () => {
  const stderr = await captureStderr(async () => {
    const info = await initBackend({ threads: 2 });
    assert.equal(info.name, 'wasm-simd');
    assert.equal(tf.getBackend(), 'wasm-simd');
    assert.equal(info.threads, 2);
    assert.equal(info.simd, 'simd128');
    assert.equal(typeof info.relaxedSimd, 'boolean');
    assert.deepEqual(info.skipped.map((s) => s.name), ['tensorflow', 'native']);
    // The detail names the running build, relaxed-SIMD where the runtime has it.
    const build = info.relaxedSimd ? 'relaxed SIMD: aekit-simd-relaxed-mt\\.wasm' : 'no relaxed SIMD in this runtime: aekit-simd-mt\\.wasm';
    assert.match(info.reason, new RegExp(`aekit's kernels in WebAssembly \\(simd128, ${build}, 2 thread\\(s\\)\\)`));
  });
  assert.equal(stderr.match(/native backend unavailable/g)?.length, 1, `one warning, got: ${stderr}`);
  assert.match(stderr, /falling back to wasm-simd/);
});

test("'auto' without tfjs-node, native and the SIMD engine picks wasm, says why, and warns once", async () => {
  selectionForTests.wasmSimdModule = './wasm/simd/not-built-for-this-test.js';
  let info: Awaited<ReturnType<typeof initBackend>> | undefined;
  const stderr = await captureStderr(async () => {
    // Concurrent callers share one start.
    const [first, second] = await Promise.all([initBackend(), initBackend({ backend: 'auto' })]);
    assert.equal(first, second);
    info = first;
  });
  assert.ok(info);
  assert.equal(info.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.deepEqual(info.skipped.map((s) => s.name), ['tensorflow', 'native', 'wasm-simd']);
  assert.match(info.skipped[0]!.why, /@tensorflow\/tfjs-node is not installed/);
  assert.match(info.skipped[1]!.why, /native engine is not built or failed to load/);
  assert.match(info.skipped[2]!.why, /WebAssembly SIMD engine failed to load/);
  assert.match(info.reason, /auto: fastest available \(tensorflow, native, wasm-simd unavailable\): WebAssembly\/XNNPACK, SIMD build/);
  assert.equal(stderr.match(/native backend unavailable/g)?.length, 1, `one warning, got: ${stderr}`);
  assert.match(stderr, /falling back to wasm/);
  assert.equal(stderr.match(/WebAssembly SIMD engine unavailable \(.*\); using wasm/g)?.length, 1, `one line on the SIMD engine, got: ${stderr}`);

  // Idempotent: later calls return the same choice without warning again.
  const again = await captureStderr(async () => assert.equal(await initBackend(), info));
  assert.equal(again, '');
  assert.equal(backendInfo(), info);
});

test('an unknown backend name is a clear error naming it and the choices', async () => {
  await assert.rejects(initBackend({ backend: 'gpu' as BackendName }),
    /backend option: unknown backend 'gpu'; expected one of auto, tensorflow, native, wasm-simd, wasm, cpu/);
  process.env['AEKIT_BACKEND'] = 'cuda';
  await assert.rejects(initBackend(), /AEKIT_BACKEND: unknown backend 'cuda'/);
});

test('an unavailable backend is a clear error with the reason and the available ones', async () => {
  await initBackend({ backend: 'cpu' });
  await assert.rejects(initBackend({ backend: 'tensorflow' }),
    /backend 'tensorflow' \(requested by the backend option\) is not available: @tensorflow\/tfjs-node is not installed.*Available backends: wasm-simd, wasm, cpu$/);
  await assert.rejects(initBackend({ backend: 'native' }), /backend 'native' .*not built.*Available backends: wasm-simd, wasm, cpu$/);
  assert.equal(tf.getBackend(), 'cpu', 'a failed request leaves the previous backend active');
});

test('AEKIT_BACKEND=cpu is honoured, an explicit option still wins, AEKIT_THREADS is checked', async () => {
  process.env['AEKIT_BACKEND'] = 'cpu';
  const info = await initBackend();
  assert.equal(info.name, 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.match(info.reason, /requested by AEKIT_BACKEND/);
  assert.equal((await initBackend({ backend: 'wasm' })).name, 'wasm');
  selectionForTests.reset();
  process.env['AEKIT_THREADS'] = 'two';
  await assert.rejects(initBackend(), /AEKIT_THREADS: expected a whole number of threads >= 1, got 'two'/);
});

test("a mistyped AEKIT_MALLOC is an error, not a quiet fall back from native to wasm", async () => {
  process.env['AEKIT_MALLOC'] = 'sytem';
  const stderr = await captureStderr(() =>
    assert.rejects(initBackend(), /AEKIT_MALLOC: expected 'heap' \(the default\) or 'system', got 'sytem'/));
  assert.equal(stderr, '', 'no fallback warning');
  await assert.rejects(initBackend({ backend: 'native' }), /AEKIT_MALLOC: expected/);
  assert.equal((await initBackend({ backend: 'wasm' })).name, 'wasm', 'engines without the setting are unaffected');
});
