/**
 * The wasm-simd backend's storage on the threaded build: tensors live in the kernels' shared
 * memory, kernels take them without copies, reading a tensor out gives a copy that later work
 * never changes, and training reuses its arrays instead of growing the memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { buildModel } from '../../../models/registry.js';
import { Random } from '../../../util/random.js';
import { registerWasmSimdBackend, wasmSimdAddon, WASM_SIMD_BACKEND } from './index.js';
import { nodeHost } from './load-node.js';
import { WasmHeapBackend } from './backend.js';
import { WasmAddon } from './addon.js';
import { startKernels } from './engine.js';
import { wasmFeatures } from './features.js';
import { asSamples } from '../../../data/samples.js';
import { quickFit } from '../../../../testing/support/models.js';

await registerWasmSimdBackend({ threads: 2, host: nodeHost });
await tf.setBackend(WASM_SIMD_BACKEND);
const addon = wasmSimdAddon();
const backend = tf.backend() as WasmHeapBackend;

function valuesOf(t: tf.Tensor): Float32Array {
  return backend.data.get(t.dataId).values as Float32Array;
}

function inWasmMemory(t: tf.Tensor): boolean {
  return addon.heap.pointer(valuesOf(t)) !== undefined;
}

function random(n: number, seed: number): Float32Array {
  const rng = new Random(seed);
  return Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
}

test('the threaded build keeps tensors in its memory: kernel outputs, tensors made in JavaScript and cpu kernel outputs', () => {
  assert.ok(backend instanceof WasmHeapBackend, 'the backend on shared memory is WasmHeapBackend');
  const js = random(300, 1);
  const x = tf.tensor(js, [10, 30]);
  assert.ok(inWasmMemory(x), 'a tensor made from a JavaScript array is copied into the memory');
  assert.notEqual(valuesOf(x), js, 'the caller keeps its own array');
  const y = tf.matMul(x, x, false, true);
  assert.ok(inWasmMemory(y), 'a kernel output lives in the memory');
  // Unstack runs the cpu kernel, whose outputs may be views of its input: they get arrays of their own.
  const parts = tf.unstack(x);
  for (const p of parts) assert.ok(inWasmMemory(p) && addon.heap.owns(valuesOf(p)), 'a cpu kernel output is adopted');
  assert.deepEqual(Array.from(parts[3]!.dataSync()), Array.from(js.subarray(90, 120)));
  tf.dispose([x, y, ...parts]);
});

test('a kernel on tensors in the memory copies no array in or out', () => {
  const x = tf.tensor(random(128 * 64, 2), [128, 64]);
  const w = tf.tensor(random(64 * 32, 3), [64, 32]);
  const before = addon.copiedBytes;
  const y = tf.tidy(() => tf.relu(tf.matMul(x, w)));
  const dx = tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(tf.matMul(a, w)))(x));
  assert.equal(addon.copiedBytes, before, 'no bytes went through the scratch block');
  // ...and the values are the product's: one element against a plain sum.
  const xs = x.dataSync(), ws = w.dataSync();
  let sum = 0;
  for (let k = 0; k < 64; k++) sum += xs[5 * 64 + k]! * ws[k * 32 + 7]!;
  assert.ok(Math.abs(y.dataSync()[5 * 32 + 7]! - Math.max(0, sum)) < 1e-4);
  tf.dispose([x, w, y, dx]);
});

test('dataSync gives a copy outside the memory, which later kernels never change', () => {
  const x = tf.tensor(random(4096, 4));
  const y = tf.neg(x);
  const read = y.dataSync() as Float32Array;
  assert.equal(addon.heap.pointer(read), undefined, 'the array read out is not a view of the memory');
  const snapshot = Float32Array.from(read);
  const reusedArray = valuesOf(y);
  y.dispose();
  const z = tf.mul(x, 3);
  assert.equal(valuesOf(z), reusedArray, "the disposed tensor's array was reused");
  assert.deepEqual(read, snapshot, 'what was read out did not change');
  tf.dispose([x, z]);
});

// On one thread: whichever thread first runs a kernel path allocates that path's scratch buffers
// (once, for good). With two, a worker that wakes too late for a job leaves it to the calling
// thread, so it could meet a path for the first time only in the measured steps and grow the
// memory by one step (8 MB: reproduced by warming up on one thread and measuring on two), which
// says nothing about the arrays this test is about.
for (const [name, shape] of [['dense', [784]], ['conv1', [28, 28, 1]]] as const) {
  test(`${name}: training reuses its arrays: the memory does not grow over 32 steps after the first 8, and Adam updates the weights in place`, async (t) => {
    addon.setThreads(1);
    t.after(() => addon.setThreads(2));
    const model = buildModel(name, { seed: 5 });
    const data = random(256 * 784, 6).map((v) => Math.abs(v));
    const samples = asSamples(data, 256, [...shape]);
    await quickFit(model, samples, 2, 1, 1e-3, 64);
    const weight = model.trainableVariables[0]!;
    const array = valuesOf(weight);
    assert.ok(addon.heap.pointer(array) !== undefined, 'the weights live in the memory');
    const bytes = addon.heap.memoryBytes();
    const copied = addon.copiedBytes;
    await quickFit(model, samples, 8, 2, 1e-3, 64);
    assert.equal(addon.heap.memoryBytes(), bytes, 'the memory grew during steady training');
    assert.equal(valuesOf(model.trainableVariables[0]!), array, 'Adam updated the weight where it lives');
    assert.ok(addon.copiedBytes - copied < 64 * 1024, `training copied ${addon.copiedBytes - copied} bytes through the scratch block`);
  });
}

test('disposed arrays kept for reuse are capped at 256 MB: sizes that never come back do not grow the memory without limit', () => {
  const start = addon.heap.memoryBytes();
  const floats = 1024 * 1024;
  // 10 rounds of 16 tensors of 4 MB, every size new: 640 MB disposed, which the memory would
  // have to hold if every disposed array were kept.
  for (let round = 0; round < 10; round++) {
    const tensors = Array.from({ length: 16 }, (_, k) => tf.fill([floats + 16 * round + k], 1));
    tf.dispose(tensors);
  }
  const grown = addon.heap.memoryBytes() - start;
  // At most the 256 MB of spares, one round's 64 MB alive, and a round of slack for the allocator.
  assert.ok(grown <= 384 * 1024 * 1024, `the memory grew by ${(grown / 2 ** 20).toFixed(0)} MB`);
  backend.releasePool();
});

test('the single-threaded build (memory not shared, detached when it grows) keeps arrays in JavaScript and copies them', async () => {
  const kernels = await startKernels(nodeHost, { ...wasmFeatures(), threads: false, whyNoThreads: 'test' }, 1);
  const single = new WasmAddon(kernels);
  assert.equal(single.heap.zeroCopy, false);
  const a = single.heapFloats(6), b = single.heapFloats(6), c = single.heapFloats(4);
  assert.equal(single.heap.pointer(a), undefined, 'a plain JavaScript array');
  a.set([1, 2, 3, 4, 5, 6]);
  b.set([1, 0, 0, 1, 1, 1]);
  single.matmul(a, b, c, 1, 2, 2, 3, false, false, 0, 0, null, 0, 0, null);
  // [[1, 2, 3], [4, 5, 6]] x [[1, 0], [0, 1], [1, 1]]
  assert.deepEqual(Array.from(c), [4, 5, 10, 11]);
  assert.equal(single.copiedBytes, (6 + 6 + 4) * 4, 'the call copied its arrays in and out');
});
