/**
 * Kernel micro-benchmark: SGEMM GFLOP/s at the deep model's shapes (forward and both gradient
 * products) and the conv1 model's convolution layers (forward, input and filter gradients),
 * native against the tfjs cpu backend (and wasm when it loads).
 *
 *   node dist/bench/kernels/kernels.js [--quick] [--no-cpu] [--threads N]
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Random } from '../../src/util/random.js';
import { registerNativeBackend } from '../../src/backend/native/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const threadsAt = args.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(args[threadsAt + 1]) : undefined;

interface Case {
  name: string;
  flops: number;
  run: () => tf.Tensor;
}

function randomTensor(rng: Random, shape: number[]): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.next() * 2 - 1;
  return tf.tensor(v, shape);
}

/** Deep model layer [in, out] at batch 128: forward X W, dX = dY W^T, dW = X^T dY. */
function gemmCases(rng: Random): Case[] {
  const layers: [number, number][] = quick ? [[784, 1000]] : [[784, 1000], [1000, 500], [500, 250], [250, 30]];
  const cases: Case[] = [];
  for (const [inSize, outSize] of layers) {
    const x = randomTensor(rng, [128, inSize]), w = randomTensor(rng, [inSize, outSize]), dy = randomTensor(rng, [128, outSize]);
    const flops = 2 * 128 * inSize * outSize;
    cases.push({ name: `matmul 128x${inSize} * ${inSize}x${outSize}`, flops, run: () => tf.matMul(x, w) });
    cases.push({ name: `dX: 128x${outSize} * (${inSize}x${outSize})^T`, flops, run: () => tf.matMul(dy, w, false, true) });
    cases.push({ name: `dW: (128x${inSize})^T * 128x${outSize}`, flops, run: () => tf.matMul(x, dy, true, false) });
  }
  return cases;
}

/** conv1's 3x3 'same' convolutions at batch 128: [size, in channels, out channels]. */
function convCases(rng: Random): Case[] {
  const layers: [number, number, number][] = quick ? [[16, 16, 16]] : [[32, 1, 16], [16, 16, 16], [8, 16, 8], [4, 8, 8], [2, 8, 8], [8, 8, 16], [16, 16, 1]];
  const cases: Case[] = [];
  for (const [size, cin, cout] of layers) {
    const x = randomTensor(rng, [128, size, size, cin]) as tf.Tensor4D;
    const w = randomTensor(rng, [3, 3, cin, cout]) as tf.Tensor4D;
    const dy = randomTensor(rng, [128, size, size, cout]) as tf.Tensor4D;
    const flops = 2 * 128 * size * size * 9 * cin * cout;
    const label = `${size}x${size}x${cin}->${cout}`;
    cases.push({ name: `conv ${label}`, flops, run: () => tf.conv2d(x, w, 1, 'same') });
    cases.push({ name: `conv dX ${label}`, flops, run: () => tf.conv2dTranspose(dy, w, [128, size, size, cin], 1, 'same') });
    const filterShape = [3, 3, cin, cout];
    // Cast: kernel attrs are a NamedAttrMap; filterShape is an array, which its value type leaves out.
    cases.push({ name: `conv dW ${label}`, flops, run: () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy },
      { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape } as unknown as tf.NamedAttrMap) as tf.Tensor });
  }
  return cases;
}

/** Median milliseconds per run: repeats until ~minMs of work or maxRuns. */
function time(run: () => tf.Tensor, minMs: number, maxRuns: number): number {
  const times: number[] = [];
  const warm = run();
  warm.dataSync();
  warm.dispose();
  const started = performance.now();
  while (times.length < maxRuns && (times.length < 3 || performance.now() - started < minMs)) {
    const t0 = performance.now();
    const out = run();
    out.dataSync();
    times.push(performance.now() - t0);
    out.dispose();
    if (times.length >= 1 && times[0] > 2000) break;  // slow reference backend: one run is enough
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function backendsToRun(): Promise<string[]> {
  const list: string[] = [];
  const reg = registerNativeBackend(threads ? { threads } : {});
  if (reg.ok) {
    list.push('native');
    console.log(`native: ${reg.simd}, ${reg.threads} threads`);
  } else {
    console.log(`native unavailable: ${reg.why}`);
  }
  if (!args.includes('--no-cpu')) list.push('cpu');
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    if (await tf.setBackend('wasm')) list.push('wasm');
  } catch (e) {
    console.log(`wasm unavailable: ${(e as Error).message}`);
  }
  return list;
}

async function main(): Promise<void> {
  const backends = await backendsToRun();
  const header = ['case'.padEnd(36), ...backends.map((b) => `${b} ms`.padStart(11) + `${b} GF/s`.padStart(12))].join('');
  console.log(header);
  for (const makeCases of [gemmCases, convCases]) {
    const rows = new Map<string, string[]>();
    for (const backend of backends) {
      await tf.setBackend(backend);
      const cases = makeCases(new Random(3));  // tensors live on this backend
      for (const c of cases) {
        const row = rows.get(c.name) ?? [];
        try {
          const ms = time(c.run, backend === 'native' ? 300 : 50, backend === 'native' ? 50 : 3);
          row.push(ms.toFixed(2).padStart(11) + (c.flops / ms / 1e6).toFixed(1).padStart(12));
        } catch {
          row.push('n/a'.padStart(11) + 'n/a'.padStart(12));  // kernel missing on this backend
        }
        rows.set(c.name, row);
      }
      tf.disposeVariables();
    }
    for (const [name, cells] of rows) console.log(name.padEnd(36) + cells.join(''));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
