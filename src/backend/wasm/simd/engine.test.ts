import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startKernels, type KernelHost } from './engine.js';
import { wasmFeatures } from './features.js';
import { nodeHost } from './load-node.js';

const features = wasmFeatures();
const aekit = fileURLToPath(new URL('../../../../../bin/aekit.js', import.meta.url));

/** y = x w on the started kernels, against a plain JavaScript product (exact small integers). */
function checkProduct(kernels: Awaited<ReturnType<typeof startKernels>>): void {
  const e = kernels.exports;
  const [m, k, n] = [67, 33, 45];
  const x = Float32Array.from({ length: m * k }, (_, i) => (i % 7) - 3), w = Float32Array.from({ length: k * n }, (_, i) => (i % 5) - 2);
  const px = e.aekit_malloc(x.byteLength), pw = e.aekit_malloc(w.byteLength), py = e.aekit_malloc(m * n * 4);
  new Float32Array(kernels.memory.buffer, px, x.length).set(x);
  new Float32Array(kernels.memory.buffer, pw, w.length).set(w);
  e.aekit_matmul(px, pw, py, 1, m, n, k, 0, 0, 0, 0, 0, 0, 0, 0);
  const y = new Float32Array(kernels.memory.buffer, py, m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += x[i * k + t]! * w[t * n + j]!;
      assert.equal(y[i * n + j], sum, `y[${i}, ${j}]`);
    }
  }
}

test('this Node has SIMD128 and shared memory: the threaded build starts with two threads and computes', async () => {
  assert.equal(features.simd, true);
  assert.equal(features.threads, true, features.whyNoThreads);
  const kernels = await startKernels(nodeHost, features, 2);
  assert.equal(kernels.build, features.relaxedSimd ? 'aekit-simd-relaxed-mt.wasm' : 'aekit-simd-mt.wasm');
  assert.equal(kernels.relaxedSimd, features.relaxedSimd);
  assert.equal(kernels.threads, 2);
  assert.equal(kernels.whyFewerThreads, undefined);
  checkProduct(kernels);
});

test('a relaxed-SIMD build that does not compile leaves the plain build and a reason', async () => {
  const refusing: KernelHost = {
    ...nodeHost,
    compile: (build) => (build.includes('relaxed') ? Promise.reject(new Error('relaxed opcode rejected (test)')) : nodeHost.compile(build)),
  };
  for (const [threads, plain] of [[2, 'aekit-simd-mt.wasm'], [1, 'aekit-simd.wasm']] as const) {
    const kernels = await startKernels(refusing, { ...features, relaxedSimd: true }, threads);
    assert.equal(kernels.build, plain);
    assert.equal(kernels.relaxedSimd, false);
    assert.match(kernels.whyNotRelaxed ?? '', /aekit-simd-relaxed(-mt)?\.wasm did not compile \(relaxed opcode rejected \(test\)\)/);
    checkProduct(kernels);
  }
});

test('without SIMD128 the engine refuses to start and says why', async () => {
  await assert.rejects(startKernels(nodeHost, { ...features, simd: false, whyNoSimd: "this runtime's WebAssembly has no SIMD128" }, 2),
    /this runtime's WebAssembly has no SIMD128/);
});

test('without shared memory it runs the single-threaded build and says why', async () => {
  const why = 'SharedArrayBuffer is not available (test)';
  const kernels = await startKernels(nodeHost, { ...features, relaxedSimd: false, threads: false, whyNoThreads: why }, 2);
  assert.equal(kernels.build, 'aekit-simd.wasm');
  assert.equal(kernels.threads, 1);
  assert.equal(kernels.whyFewerThreads, why);
  checkProduct(kernels);
});

test('a worker that fails to start leaves fewer threads and a reason, not a crash', async () => {
  const failing: KernelHost = { ...nodeHost, spawn: () => Promise.reject(new Error('worker refused (test)')) };
  const kernels = await startKernels(failing, features, 3);
  assert.equal(kernels.threads, 1);
  assert.match(kernels.whyFewerThreads ?? '', /a worker failed to start: worker refused \(test\)/);
  checkProduct(kernels);
});

test('a Node without SharedArrayBuffer: `aekit info` runs the engine on one thread and prints one line why', () => {
  const run = spawnSync(process.execPath, ['--no-harmony-sharedarraybuffer', aekit, 'info', '--backend', 'wasm-simd', '--threads', '2'],
    { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /engine: wasm-simd/);
  assert.match(run.stdout, /^threads: 1$/m);
  const lines = run.stderr.split('\n').filter((l) => l.includes('WebAssembly SIMD engine runs 1 thread'));
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0]!, /SharedArrayBuffer is not available/);
});
