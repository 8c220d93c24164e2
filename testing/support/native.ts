/**
 * Test helpers for the native backend: run the same computation under 'cpu' (the reference)
 * and 'native', and compare with a tolerance suited to float32 sums.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// Gradients are registered by tfjs-layers' bundle (tfjs-core's Node bundle registers none).
import '@tensorflow/tfjs-layers';
import { Random } from '../../src/util/random.js';
import { registerNativeBackend, type NativeRegistration } from '../../src/backend/native/index.js';
import { loadAddon, type NativeAddon } from '../../src/backend/native/addon.js';
import { registerWasmSimdBackend, wasmSimdAddon, WASM_SIMD_BACKEND } from '../../src/backend/wasm/simd/index.js';
import { nodeHost } from '../../src/backend/wasm/simd/load-node.js';

/**
 * The engine under test: the C++ addon ('native'), or its WebAssembly build ('wasm-simd') when
 * AEKIT_TEST_ENGINE=wasm-simd (src/backend/wasm/simd/native-suite.test.ts runs the native tests so).
 */
export const ENGINE: 'native' | 'wasm-simd' = process.env['AEKIT_TEST_ENGINE'] === WASM_SIMD_BACKEND ? WASM_SIMD_BACKEND : 'native';

async function register(): Promise<NativeRegistration> {
  if (ENGINE === 'native') return registerNativeBackend();
  try {
    const started = await registerWasmSimdBackend({ threads: 2, host: nodeHost });
    // native-suite.test.ts names the build it means to test (e.g. the relaxed-SIMD one).
    const wanted = process.env['AEKIT_TEST_WASM_BUILD'];
    if (wanted && started.build !== wanted) throw new Error(`expected the ${wanted} build, got ${started.simdDetail}`);
    return { ok: true, threads: started.threads, simd: started.simd, heap: 'system default (WebAssembly: emmalloc)' };
  } catch (error) {
    return { ok: false, why: error instanceof Error ? error.message : String(error) };
  }
}

export const registration: NativeRegistration = await register();

/**
 * Native tests run whenever the addon is built and fail when it is not, except when the build was
 * deliberately skipped (AEKIT_SKIP_NATIVE=1, see scripts/build-native.mjs): then they are skipped.
 */
export const SKIP: string | false =
  ENGINE === 'native' && !registration.ok && process.env.AEKIT_SKIP_NATIVE === '1' ? 'native engine not built (AEKIT_SKIP_NATIVE=1)' : false;

/** For tests of the C++ addon alone (heap policy): skipped on the WebAssembly engine. */
export const NATIVE_ONLY: string | false = ENGINE === 'native' ? SKIP : 'tests the C++ addon only';

export function assertRegistered(): void {
  if (!SKIP) assert.ok(registration.ok, `${ENGINE} backend failed to register: ${'why' in registration ? registration.why : ''}`);
}

export function addon(): NativeAddon {
  if (ENGINE === WASM_SIMD_BACKEND) return wasmSimdAddon();
  const loaded = loadAddon();
  if ('why' in loaded) throw new Error(`native addon unavailable: ${loaded.why}`);
  return loaded.addon;
}

/** How often each addon function ran since the last reset: proves the native path was taken. */
export const nativeCalls = new Map<string, number>();
if (registration.ok) {
  // Cast: indexed by name to wrap each function; the WebAssembly addon's are methods on its prototype.
  const target = addon() as unknown as Record<string, unknown>;
  const names = new Set([...Object.keys(target), ...Object.getOwnPropertyNames(Object.getPrototypeOf(target))]);
  for (const name of names) {
    const original = target[name];
    if (name === 'constructor' || typeof original !== 'function') continue;
    target[name] = (...args: unknown[]) => {
      nativeCalls.set(name, (nativeCalls.get(name) ?? 0) + 1);
      return original.apply(target, args);
    };
  }
}

export function randomValues(rng: Random, n: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rng.next() * 2 - 1) * scale;
  return out;
}

/** Runs fn on a backend and returns the data of every result (tensors are disposed). */
export async function runOn(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const results = tf.tidy(fn);
  const list = Array.isArray(results) ? results : [results];
  const data = list.map((t) => Float32Array.from(t.dataSync()));
  tf.dispose(list);
  return data;
}

/** `fn` on the native backend with one thread, then with at least two; the thread count is restored. */
export async function onOneAndManyThreads(fn: () => tf.Tensor | tf.Tensor[]): Promise<{ single: Float32Array[]; multi: Float32Array[] }> {
  const native = addon();
  const { threads } = native.info();
  try {
    native.setThreads(1);
    const single = await runOn(ENGINE, fn);
    native.setThreads(Math.max(2, threads));
    const multi = await runOn(ENGINE, fn);
    return { single, multi };
  } finally {
    native.setThreads(threads);
  }
}

/**
 * Why this tolerance: float32 has a 6e-8 unit round-off and a sum of K products accumulates
 * about sqrt(K) of it relative to the typical term, so summation order alone (blocking, SIMD
 * lanes, threads) moves results by ~1e-6 of the output's scale for our K <= ~1000. 1e-4 of
 * (|expected| + rms(expected)) is far above that yet far below what any indexing, padding or
 * transposition bug produces (errors of the order of the values themselves).
 */
export function assertClose(actual: Float32Array, expected: Float32Array, label: string, rtol = 1e-4): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let sq = 0;
  for (const v of expected) if (Number.isFinite(v)) sq += v * v;
  const rms = Math.sqrt(sq / Math.max(1, expected.length));
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i], a = actual[i];
    if ((Number.isNaN(e) && Number.isNaN(a)) || e === a) continue;  // incl. equal infinities
    const tol = rtol * (Math.abs(e) + rms) + 1e-30;
    if (!(Math.abs(a - e) <= tol)) {
      assert.fail(`${label}: element ${i} is ${a}, expected ${e} (tolerance ${tol.toExponential(2)})`);
    }
  }
}

/**
 * Compares every output of fn under 'native' against 'cpu', and checks that the listed addon
 * functions really ran (a silent fallback to the cpu kernels would otherwise pass).
 */
export async function assertSameAsCpu(label: string, fn: () => tf.Tensor | tf.Tensor[],
  expectNative: (keyof NativeAddon)[] = [], rtol = 1e-4): Promise<void> {
  const expected = await runOn('cpu', fn);
  nativeCalls.clear();
  const actual = await runOn(ENGINE, fn);
  for (const name of expectNative) assert.ok(nativeCalls.get(name), `${label}: native ${name} did not run`);
  assert.equal(actual.length, expected.length, `${label}: number of outputs`);
  expected.forEach((e, i) => assertClose(actual[i], e, `${label} [output ${i}]`, rtol));
}

/**
 * Values and gradients of sum(f(inputs) * projection): a random projection makes every output
 * element matter to every gradient, so a wrong gradient element cannot hide.
 */
export function valueAndGrads(seed: number, f: (...xs: tf.Tensor[]) => tf.Tensor, inputs: tf.Tensor[]): tf.Tensor[] {
  const y = f(...inputs);
  // Seeded here, so both backends see the same projection.
  const projection = tf.tensor(randomValues(new Random(seed), y.size), y.shape);
  const grads = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), projection)))(inputs);
  return [y, ...grads];
}
