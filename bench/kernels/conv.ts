/**
 * Per-shape convolution and pooling benchmark: every conv/pool layer of the conv1 and conv2
 * models at batch 128 (forward, filter gradient, input gradient, max-pool gradient), aekit's
 * native kernels against PyTorch (conv_torch.py, NCHW) measured in the same run. Rounds
 * alternate between the two and each keeps its best median, so machine load hits both alike.
 *
 *   node dist/bench/kernels/conv.js [--rounds N] [--threads N] [--model conv1|conv2]
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../src/util/random.js';
import { registerNativeBackend } from '../../src/backend/native/index.js';

type Op = 'conv' | 'convInput' | 'convFilter' | 'poolGrad';

/** A 3x3 'same' convolution size x size x cin -> cout, or 2x2 pooling of size x size x cin. */
interface Case { op: Op; batch: number; size: number; cin: number; cout: number; models: string }

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const rounds = Number(option('--rounds', '3'));
const threads = Number(option('--threads', '2'));
const onlyModel = option('--model', '');

// [size, cin, cout, model, input gradient needed] (not for conv1's first layer, which reads the
// zero padding; conv2's first layer gets one because tf.fused.conv2d's gradient computes it).
const CONV_LAYERS: [number, number, number, string, boolean][] = [
  [32, 1, 16, 'conv1', false], [16, 16, 16, 'conv1', true], [8, 16, 8, 'conv1', true], [4, 8, 8, 'conv1', true],
  [2, 8, 8, 'conv1', true], [8, 8, 16, 'conv1', true], [16, 16, 1, 'conv1', true],
  [28, 1, 16, 'conv2', true], [14, 16, 8, 'conv2', true], [7, 8, 8, 'conv2', true], [14, 8, 1, 'conv2', true],
];
// [size, channels, models] of the pooled inputs.
const POOL_LAYERS: [number, number, string][] = [
  [32, 16, 'conv1'], [16, 16, 'conv1'], [8, 8, 'conv1'], [4, 8, 'conv1'], [28, 16, 'conv2'], [14, 8, 'conv2'],
];

function cases(): Case[] {
  const list: Case[] = [];
  for (const [size, cin, cout, models, needsInputGrad] of CONV_LAYERS) {
    const ops: Op[] = needsInputGrad ? ['conv', 'convFilter', 'convInput'] : ['conv', 'convFilter'];
    for (const op of ops) list.push({ op, batch: 128, size, cin, cout, models });
  }
  for (const [size, channels, models] of POOL_LAYERS) list.push({ op: 'poolGrad', batch: 128, size, cin: channels, cout: channels, models });
  return list.filter((c) => !onlyModel || c.models === onlyModel);
}

function randomTensor(rng: Random, shape: number[]): tf.Tensor4D {
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < v.length; i++) v[i] = rng.next();
  return tf.tensor4d(v, shape as [number, number, number, number]);
}

/** The kernel call tfjs makes for this case during training, on the active backend. */
function runner(c: Case, rng: Random): () => tf.Tensor {
  const { batch, size, cin, cout } = c;
  const x = randomTensor(rng, [batch, size, size, cin]);
  if (c.op === 'poolGrad') {
    const y = tf.maxPool(x, 2, 2, 'same');
    const dy = randomTensor(rng, y.shape);
    return () => tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: y },
      { filterSize: 2, strides: 2, pad: 'same' }) as tf.Tensor;
  }
  const w = randomTensor(rng, [3, 3, cin, cout]);
  const dy = randomTensor(rng, [batch, size, size, cout]);
  if (c.op === 'conv') return () => tf.conv2d(x, w, 1, 'same');
  if (c.op === 'convInput') return () => tf.conv2dTranspose(dy, w, [batch, size, size, cin], 1, 'same');
  // Cast: kernel attrs are a NamedAttrMap; filterShape is an array, which its value type leaves out.
  return () => tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy },
    { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, cin, cout] } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

// The native kernels run synchronously, so no read-back: reading an output out (dataSync) would
// also stop the backend from recycling its array, and every call would then pay for fresh
// pages, which training (that never reads activations out) does not.
function medianMs(run: () => tf.Tensor, minMs = 300, maxRuns = 200): number {
  tf.dispose(run());
  const times: number[] = [];
  const started = performance.now();
  while (times.length < maxRuns && (times.length < 5 || performance.now() - started < minMs)) {
    const t0 = performance.now();
    const out = run();
    times.push(performance.now() - t0);
    out.dispose();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function torchTimes(list: Case[]): number[] {
  const script = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bench/kernels/conv_torch.py');
  const result = spawnSync('/usr/bin/python3', [script, JSON.stringify(list), String(threads)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${script} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as number[];
}

function label(c: Case): string {
  const shape = `${c.size}x${c.size}x${c.cin}`;
  return `${c.models} ${c.op.padEnd(10)} ${c.op === 'poolGrad' ? shape : `${shape}->${c.cout}`}`;
}

async function main(): Promise<void> {
  const registration = registerNativeBackend({ threads });
  if (!registration.ok) throw new Error(`native backend unavailable: ${registration.why}`);
  await tf.setBackend('native');
  const list = cases();
  const runs = list.map((c) => runner(c, new Random(5)));
  const aekit = list.map(() => Infinity), torch = list.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    runs.forEach((run, i) => { aekit[i] = Math.min(aekit[i], medianMs(run)); });
    torchTimes(list).forEach((ms, i) => { torch[i] = Math.min(torch[i], ms); });
  }
  console.log(`native ${registration.simd}, ${threads} threads; best of ${rounds} alternating rounds; ratio = torch / aekit (> 1: aekit faster)`);
  console.log(`${'case'.padEnd(40)}${'aekit ms'.padStart(10)}${'torch ms'.padStart(10)}${'ratio'.padStart(8)}`);
  let aekitSum = 0, torchSum = 0;
  list.forEach((c, i) => {
    aekitSum += aekit[i];
    torchSum += torch[i];
    console.log(`${label(c).padEnd(40)}${aekit[i].toFixed(3).padStart(10)}${torch[i].toFixed(3).padStart(10)}${(torch[i] / aekit[i]).toFixed(2).padStart(8)}`);
  });
  console.log(`${'total'.padEnd(40)}${aekitSum.toFixed(3).padStart(10)}${torchSum.toFixed(3).padStart(10)}${(torchSum / aekitSum).toFixed(2).padStart(8)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
