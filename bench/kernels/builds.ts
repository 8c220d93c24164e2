/**
 * The WebAssembly engine's relaxed-SIMD build against its plain SIMD128 build, call for call, in
 * one runtime: both started side by side (each with its own memory and threads), taking turns case
 * by case, each keeping its fastest call of every round. The cases are the GEMMs of the deep model
 * (forward with bias + relu, both gradients) and the dense model's first layer, and conv1's 3x3
 * convolution (forward, filter and input gradients), at batch 128. Environment-neutral: run by
 * ./builds-node.ts (Node, which needs --experimental-wasm-relaxed-simd up to V8 11.3) and by
 * ../browser/builds.ts (headless Chromium).
 */
import { startKernels, type KernelHost, type StartedKernels } from '../../src/backend/wasm/simd/engine.js';
import type { WasmFeatures } from '../../src/backend/wasm/simd/features.js';

export interface BuildRow { name: string; plainMs: number; relaxedMs: number }
export interface BuildComparison { plain: string; relaxed: string; threads: number; rows: BuildRow[] }

type Call = (k: StartedKernels) => () => void;

function filled(k: StartedKernels, n: number, seed: number): number {
  const p = k.exports.aekit_malloc(n * 4);
  const a = new Float32Array(k.memory.buffer, p, n);
  for (let i = 0; i < n; i++) a[i] = (((i * 2654435761 + seed * 40503) >>> 0) % 2001) / 1000 - 1;
  return p;
}

function gemm(m: number, n: number, kk: number, ta: boolean, tb: boolean, relu: boolean): Call {
  return (k) => {
    const a = filled(k, m * kk, 1), b = filled(k, kk * n, 2), c = filled(k, m * n, 3), bias = relu ? filled(k, n, 4) : 0;
    return () => k.exports.aekit_matmul(a, b, c, 1, m, n, kk, ta ? 1 : 0, tb ? 1 : 0, 0, 0, bias, relu ? 1 : 0, 0, 0);
  };
}

/** conv1's 28x28 3x3 'same' convolution, cin -> cout channels, batch 128. */
function conv(cin: number, cout: number, which: 'fwd' | 'dW' | 'dX'): Call {
  return (k) => {
    const shape = [128, 28, 28, cin, 28, 28, cout, 3, 3, 1, 1, 1, 1, 1, 1];
    const ps = k.exports.aekit_malloc(shape.length * 4);
    new Int32Array(k.memory.buffer, ps, shape.length).set(shape);
    const x = filled(k, 128 * 784 * cin, 5), w = filled(k, 9 * cin * cout, 6), y = filled(k, 128 * 784 * cout, 7), bias = filled(k, cout, 8);
    if (which === 'fwd') return () => k.exports.aekit_conv2d(x, w, y, ps, bias, 1, 0, 0);
    if (which === 'dW') return () => k.exports.aekit_conv2d_backprop_filter(x, y, w, ps);
    return () => k.exports.aekit_conv2d_backprop_input(y, w, x, ps);
  };
}

const CASES: [string, Call][] = [
  ['dense fwd 128x32x784 +bias relu', gemm(128, 32, 784, false, false, true)],
  ['deep fwd 128x1000x784 +bias relu', gemm(128, 1000, 784, false, false, true)],
  ['deep dX  128x784x1000 tB', gemm(128, 784, 1000, false, true, false)],
  ['deep dW  784x1000x128 tA', gemm(784, 1000, 128, true, false, false)],
  ['deep fwd 128x500x1000 +bias relu', gemm(128, 500, 1000, false, false, true)],
  ['conv1 28x28x1->16 fwd +bias relu', conv(1, 16, 'fwd')],
  ['conv1 28x28x16->16 fwd +bias relu', conv(16, 16, 'fwd')],
  ['conv1 28x28x16->16 dW', conv(16, 16, 'dW')],
  ['conv1 28x28x16->16 dX', conv(16, 16, 'dX')],
];

function fastestMs(call: () => void, now: () => number, calls: number): number {
  let best = Infinity;
  for (let i = 0; i < calls; i++) {
    const t0 = now();
    call();
    best = Math.min(best, now() - t0);
  }
  return best;
}

/** Throws when the runtime has no relaxed SIMD (nothing to compare). */
export async function compareBuilds(host: KernelHost, features: WasmFeatures, threads: number, rounds: number,
  now: () => number): Promise<BuildComparison> {
  if (!features.relaxedSimd) throw new Error('this runtime has no relaxed SIMD (Node 20: run with --experimental-wasm-relaxed-simd)');
  const plain = await startKernels(host, { ...features, relaxedSimd: false }, threads);
  const relaxed = await startKernels(host, features, threads);
  if (!relaxed.relaxedSimd) throw new Error(`the relaxed build did not start: ${relaxed.whyNotRelaxed ?? relaxed.build}`);
  const calls = CASES.map(([, make]) => ({ plain: make(plain), relaxed: make(relaxed) }));
  const rows = CASES.map(([name]) => ({ name, plainMs: Infinity, relaxedMs: Infinity }));
  for (let r = 0; r < rounds; r++) {
    calls.forEach((c, i) => {
      rows[i]!.plainMs = Math.min(rows[i]!.plainMs, fastestMs(c.plain, now, 10));
      rows[i]!.relaxedMs = Math.min(rows[i]!.relaxedMs, fastestMs(c.relaxed, now, 10));
    });
  }
  return { plain: plain.build, relaxed: relaxed.build, threads: relaxed.threads, rows };
}

export function formatComparison(where: string, c: BuildComparison): string {
  const lines = [`${where}: ${c.relaxed} vs ${c.plain}, ${c.threads} thread(s); fastest call of every round`,
    `${'case'.padEnd(36)}${'plain ms'.padStart(10)}${'relaxed ms'.padStart(12)}${'speed-up'.padStart(10)}`];
  let plain = 0, relaxed = 0;
  for (const row of c.rows) {
    plain += row.plainMs;
    relaxed += row.relaxedMs;
    lines.push(`${row.name.padEnd(36)}${row.plainMs.toFixed(3).padStart(10)}${row.relaxedMs.toFixed(3).padStart(12)}${(row.plainMs / row.relaxedMs).toFixed(2).padStart(10)}`);
  }
  lines.push(`${'all'.padEnd(36)}${plain.toFixed(3).padStart(10)}${relaxed.toFixed(3).padStart(12)}${(plain / relaxed).toFixed(2).padStart(10)}`);
  return lines.join('\n');
}
