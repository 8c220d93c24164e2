/**
 * The WebAssembly engine's kernels against the native engine's, call for call, at the seed
 * models' shapes (batch 128): the GEMMs of dense, deep and vae (forward and both gradients), the
 * convolutions of conv1 and conv2 (forward with bias + relu, filter and input gradients), their
 * pooling and upsampling, and Adam on the deep model's largest weight. Both engines run in this
 * one process and take turns case by case; each keeps the fastest call of every round, so a busy
 * machine slows both sides of a ratio alike (a ratio is wasm / native speed: 0.30 means wasm takes
 * 3.3x as long).
 *
 *   node dist/bench/kernels/engines.js [--threads N] [--rounds N] [--only gemm|conv|pool|adam] [--copy]
 *
 * The WebAssembly side gets arrays in its own memory (as the wasm-simd backend's tensors are),
 * or with --copy plain JavaScript arrays that each call copies in and out.
 */
import { loadAddon } from '../../src/backend/native/addon.js';
import { registerWasmSimdBackend, wasmSimdAddon } from '../../src/backend/wasm/simd/index.js';
import { nodeHost } from '../../src/backend/wasm/simd/load-node.js';
import { Random } from '../../src/util/random.js';
import { fastestMs, filled, gemm, type Case } from './engine-case.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const threads = Number(option('--threads', '2'));
const rounds = Number(option('--rounds', '5'));
const only = option('--only', '');
const copy = args.includes('--copy');

/** A dense layer [inputs -> units] at batch 128: forward, dX = dY W^T, dW = X^T dY. */
function denseLayer(model: string, inputs: number, units: number): Case[] {
  return [
    gemm(128, units, inputs, false, false, `${model} fwd`, true),
    gemm(128, inputs, units, false, true, `${model} dX `),
    gemm(inputs, units, 128, true, false, `${model} dW `),
  ];
}

function convShape(size: number, cin: number, cout: number): number[] {
  return [128, size, size, cin, size, size, cout, 3, 3, 1, 1, 1, 1, 1, 1];
}

function convCases(model: string, size: number, cin: number, cout: number, inputGrad: boolean): Case[] {
  const shape = convShape(size, cin, cout);
  const label = `${model} ${size}x${size}x${cin}->${cout}`;
  const xs = 128 * size * size * cin, ys = 128 * size * size * cout, ws = 9 * cin * cout;
  const list: Case[] = [
    {
      group: 'conv', name: `${label} fwd`, prepare: (addon, array) => {
        const rng = new Random(4);
        const x = filled(array, xs, rng), w = filled(array, ws, rng), bias = filled(array, cout, rng), y = array(ys);
        return () => addon.conv2dBiasActivation(x, w, bias, y, shape, 1, 0);
      },
    },
    {
      group: 'conv', name: `${label} dW`, prepare: (addon, array) => {
        const rng = new Random(5);
        const x = filled(array, xs, rng), dy = filled(array, ys, rng), dw = array(ws);
        return () => addon.conv2dBackpropFilter(x, dy, dw, shape);
      },
    },
  ];
  if (inputGrad) {
    list.push({
      group: 'conv', name: `${label} dX`, prepare: (addon, array) => {
        const rng = new Random(6);
        const dy = filled(array, ys, rng), w = filled(array, ws, rng), dx = array(xs);
        return () => addon.conv2dBackpropInput(dy, w, dx, shape);
      },
    });
  }
  return list;
}

function poolCases(model: string, size: number, channels: number): Case[] {
  const out = Math.ceil(size / 2);
  const shape = [128, size, size, channels, out, out, 2, 2, 2, 2, 1, 1, 0, 0];
  const resize = [128, out, out, channels, out * 2, out * 2, 0, 0];
  const xs = 128 * size * size * channels, ys = 128 * out * out * channels, us = 128 * 4 * out * out * channels;
  const label = `${model} ${size}x${size}x${channels}`;
  return [
    { group: 'pool', name: `${label} maxPool`, prepare: (addon, array) => {
      const x = filled(array, xs, new Random(7)), y = array(ys);
      return () => addon.maxPool(x, y, shape);
    } },
    { group: 'pool', name: `${label} maxPoolGrad`, prepare: (addon, array) => {
      const rng = new Random(8);
      const x = filled(array, xs, rng), dy = filled(array, ys, rng), dx = array(xs);
      return () => addon.maxPoolGrad(x, dy, dx, shape);
    } },
    { group: 'pool', name: `${label} upsample`, prepare: (addon, array) => {
      const x = filled(array, ys, new Random(9)), y = array(us);
      return () => addon.resizeNearest(x, y, resize);
    } },
    { group: 'pool', name: `${label} upsampleGrad`, prepare: (addon, array) => {
      const dy = filled(array, us, new Random(10)), dx = array(ys);
      return () => addon.resizeNearestGrad(dy, dx, resize);
    } },
  ];
}

function adamCase(n: number): Case {
  return {
    group: 'adam', name: `adam ${n}`, prepare: (addon, array) => {
      const rng = new Random(11);
      const w = filled(array, n, rng), m = filled(array, n, rng), v = array(n), g = filled(array, n, rng);
      v.fill(0.5);
      return () => addon.adamUpdate(w, m, v, g, 1e-3, 0.9, 0.999, 1e-7);
    },
  };
}

function cases(): Case[] {
  const deep: [number, number][] = [[784, 1000], [1000, 500], [500, 250], [250, 30], [30, 250], [250, 500], [500, 1000], [1000, 784]];
  return [
    ...denseLayer('dense', 784, 32), ...denseLayer('dense', 32, 784),
    ...deep.flatMap(([i, o]) => denseLayer('deep', i, o)),
    ...denseLayer('vae', 784, 512), ...denseLayer('vae', 512, 4), ...denseLayer('vae', 2, 512), ...denseLayer('vae', 512, 784),
    ...convCases('conv1', 32, 1, 16, false), ...convCases('conv1', 16, 16, 16, true), ...convCases('conv1', 8, 16, 8, true),
    ...convCases('conv1', 4, 8, 8, true), ...convCases('conv1', 8, 8, 16, true), ...convCases('conv1', 16, 16, 1, true),
    ...convCases('conv2', 28, 1, 16, true), ...convCases('conv2', 14, 16, 8, true), ...convCases('conv2', 14, 8, 1, true),
    ...poolCases('conv1', 32, 16), ...poolCases('conv1', 16, 16), ...poolCases('conv2', 28, 16), ...poolCases('conv2', 14, 8),
    adamCase(784 * 1000), adamCase(784 * 32),
  ].filter((c) => !only || c.group === only);
}

async function main(): Promise<void> {
  const loaded = loadAddon();
  if ('why' in loaded) throw new Error(`native engine unavailable: ${loaded.why}`);
  const native = loaded.addon;
  native.setThreads(threads);
  const started = await registerWasmSimdBackend({ threads, host: nodeHost });
  const wasm = wasmSimdAddon();
  const heapArray = (n: number): Float32Array => wasm.heapFloats(n);
  const list = cases();
  const runs = list.map((c) => ({
    native: c.prepare(native, (n) => new Float32Array(n)),
    wasm: c.prepare(wasm, copy ? (n) => new Float32Array(n) : heapArray),
  }));
  const best = list.map(() => ({ native: Infinity, wasm: Infinity }));
  for (let r = 0; r < rounds; r++) {
    runs.forEach((run, i) => {
      best[i]!.native = Math.min(best[i]!.native, fastestMs(run.native, 40));
      best[i]!.wasm = Math.min(best[i]!.wasm, fastestMs(run.wasm, 40));
    });
  }
  console.log(`native ${native.info().isa} vs wasm-simd (${started.simdDetail}${copy ? ', arrays copied in and out' : ', arrays in wasm memory'}), ${threads} thread(s); fastest call of ${rounds} rounds`);
  console.log(`${'case'.padEnd(44)}${'native ms'.padStart(11)}${'wasm ms'.padStart(11)}${'ratio'.padStart(8)}`);
  const totals = new Map<string, { native: number; wasm: number }>();
  list.forEach((c, i) => {
    const { native: n, wasm: w } = best[i]!;
    const t = totals.get(c.group) ?? { native: 0, wasm: 0 };
    t.native += n;
    t.wasm += w;
    totals.set(c.group, t);
    console.log(`${c.name.padEnd(44)}${n.toFixed(3).padStart(11)}${w.toFixed(3).padStart(11)}${(n / w).toFixed(2).padStart(8)}`);
  });
  for (const [group, t] of totals) {
    console.log(`${`all ${group}`.padEnd(44)}${t.native.toFixed(3).padStart(11)}${t.wasm.toFixed(3).padStart(11)}${(t.native / t.wasm).toFixed(2).padStart(8)}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
