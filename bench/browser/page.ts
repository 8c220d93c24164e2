/**
 * The page side of the browser bench and test (bundled by ./serve.ts): starts aekit's
 * WebAssembly engine in the page (threads when the page is cross-origin isolated), checks its
 * kernels against tfjs's cpu backend, and runs the bench's own measureSpeed with turns granted by
 * the Node driver (window.aekitTurn, exposed by playwright).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { activateWasmSimd, registerWasmSimdBackend, wasmFeatures, type WasmSimdStart } from '../../src/backend/wasm/simd/index.js';
import { browserHost } from '../../src/backend/wasm/simd/load-browser.js';
import { compareBuilds as compare } from '../kernels/builds.js';
import { measureSpeed, type Pixels } from '../measure.js';
import type { ModelOutcome, SpeedPlan } from '../types.js';

interface PageGlobals {
  aekitTurn?: (label: string) => Promise<void>;
  aekitLog?: (line: string) => Promise<void>;
}
// The page's window, with the two functions the driver exposes (absent when opened by hand).
const page = globalThis as unknown as PageGlobals & Record<string, unknown>;

/** `plain`: run the plain SIMD128 build even where the page has relaxed SIMD (before/after measures). */
async function start(threads: number, plain = false): Promise<WasmSimdStart & { isolated: boolean }> {
  const features = plain ? { ...wasmFeatures(), relaxedSimd: false } : wasmFeatures();
  const started = await registerWasmSimdBackend({ threads, host: browserHost, features });
  await activateWasmSimd();
  return { ...started, isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true };
}

/** Largest |wasm - cpu| relative to the cpu values' scale, over values and gradients. */
async function checkKernels(): Promise<{ name: string; error: number }[]> {
  const cases: [string, () => tf.Tensor[]][] = [
    ['matmul 67x130 . 130x45 (both transposed)', () => {
      const a = tf.randomNormal([130, 67], 0, 1, 'float32', 1), b = tf.randomNormal([45, 130], 0, 1, 'float32', 2);
      const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, true, true))));
      return [tf.matMul(a, b, true, true), ...g([a, b])];
    }],
    ['conv 3x3 stride 2 same, 2x13x11x3 -> 5, bias + relu', () => {
      const x = tf.randomNormal([2, 13, 11, 3], 0, 1, 'float32', 3), w = tf.randomNormal([3, 3, 3, 5], 0, 1, 'float32', 4);
      const b = tf.randomNormal([5], 0, 1, 'float32', 5);
      const f = (xt: tf.Tensor, wt: tf.Tensor) => tf.fused.conv2d({ x: xt as tf.Tensor4D, filter: wt as tf.Tensor4D, strides: 2, pad: 'same', bias: b, activation: 'relu' });
      return [f(x, w), ...tf.grads((xt: tf.Tensor, wt: tf.Tensor) => tf.sum(tf.square(f(xt, wt))))([x, w])];
    }],
    ['max pool 2x2 + its gradient, 1x9x8x1', () => {
      const x = tf.randomNormal([1, 9, 8, 1], 0, 1, 'float32', 6);
      return [tf.maxPool(x as tf.Tensor4D, 2, 2, 'same'), tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'same')))(x)];
    }],
  ];
  const results: { name: string; error: number }[] = [];
  for (const [name, run] of cases) {
    const values: Float32Array[][] = [];
    for (const backend of ['cpu', 'wasm-simd']) {
      await tf.setBackend(backend);
      values.push(tf.tidy(run).map((t) => { const v = t.dataSync() as Float32Array; t.dispose(); return Float32Array.from(v); }));
    }
    let error = 0;
    values[0]!.forEach((expected, i) => {
      const scale = Math.max(1e-6, ...expected.map(Math.abs));
      expected.forEach((e, j) => { error = Math.max(error, Math.abs(values[1]![i]![j]! - e) / scale); });
    });
    results.push({ name, error });
  }
  await tf.setBackend('wasm-simd');
  return results;
}

async function fetchPixels(split: string): Promise<Pixels> {
  const response = await fetch(`/pixels/${split}.bin`);
  if (!response.ok) throw new Error(`fetching /pixels/${split}.bin: HTTP ${response.status}`);
  const images = new Float32Array(await response.arrayBuffer());
  return { images, count: images.length / 784 };
}

async function bench(models: string[], plan: SpeedPlan): Promise<ModelOutcome[]> {
  const [train, test] = await Promise.all([fetchPixels('train'), fetchPixels('test')]);
  const log = (line: string) => void page.aekitLog?.(line);
  const turn = (label: string) => page.aekitTurn?.(label) ?? Promise.resolve();
  const results: ModelOutcome[] = [];
  for (const model of models) results.push(await measureSpeed(model, train, test, plan, log, turn));
  return results;
}

const compareBuilds = (threads: number, rounds: number) => compare(browserHost, wasmFeatures(), threads, rounds, () => performance.now());

page['aekit'] = { start, checkKernels, bench, compareBuilds, features: wasmFeatures };
page['aekitReady'] = true;
