/**
 * SGEMM micro-benchmark against PyTorch: the products of the dense, deep and vae models' Dense
 * layers at batch 128 (forward x·W, dx = dy·Wᵀ, dW = xᵀ·dy), timed in the same run as torch.mm,
 * shape by shape and round by round (interleaved), so machine load hits both alike. Prints GFLOP/s of
 * each and the ratio aekit / torch (best round of each).
 *
 *   node dist/bench/kernels/gemm.js [--rounds 3] [--ms 150] [--threads 2]
 *        [--baseline path/to/old/aekit_native.node] [--only dense|deep|vae] [--no-torch]
 *
 * --baseline times a second build of the addon in the same run (A/B of a change).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Random } from '../../src/util/random.js';
import { loadAddon, type NativeAddon } from '../../src/backend/native/addon.js';

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && at + 1 < args.length ? args[at + 1] : fallback;
}
const rounds = Number(option('--rounds', '3'));
const budgetMs = Number(option('--ms', '150'));
const threads = Number(option('--threads', '2'));
const baselinePath = option('--baseline', '');
const only = option('--only', '');

interface Shape { name: string; m: number; n: number; k: number; ta: boolean; tb: boolean }

const MODELS: Record<string, number[]> = {
  dense: [784, 32, 784],
  deep: [784, 1000, 500, 250, 30, 250, 500, 1000, 784],
  vae: [784, 512, 2, 512, 784],
};

/** Every product of every layer, once per distinct (m, n, k, transposes). */
function shapes(): Shape[] {
  const list = new Map<string, Shape>();
  const add = (s: Shape) => {
    const key = `${s.m},${s.n},${s.k},${s.ta},${s.tb}`;
    if (!list.has(key)) list.set(key, s);
  };
  for (const [model, sizes] of Object.entries(MODELS)) {
    if (only && only !== model) continue;
    for (let i = 0; i + 1 < sizes.length; i++) {
      const [inSize, outSize] = [sizes[i], sizes[i + 1]];
      add({ name: `fwd ${inSize}->${outSize}`, m: 128, n: outSize, k: inSize, ta: false, tb: false });
      add({ name: `dx  ${inSize}->${outSize}`, m: 128, n: inSize, k: outSize, ta: false, tb: true });
      add({ name: `dW  ${inSize}->${outSize}`, m: inSize, n: outSize, k: 128, ta: true, tb: false });
    }
  }
  return [...list.values()];
}

function randomFloats(rng: Random, n: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.next();
  return v;
}

/** Median milliseconds of addon.matmul on the shape, over at least 5 runs and ~budget ms. */
function timeAddon(addon: NativeAddon, s: Shape, rng: Random): number {
  const a = randomFloats(rng, s.m * s.k), b = randomFloats(rng, s.k * s.n), c = new Float32Array(s.m * s.n);
  const run = () => addon.matmul(a, b, c, 1, s.m, s.n, s.k, s.ta, s.tb, 0, 0, null, 0, 0, null);
  run();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < 5 || performance.now() - started < budgetMs) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)];
}

/** The python timing process (gemm_torch.py): one request line in, one answer line out. */
class TorchTimer {
  private readonly child = spawn('/usr/bin/python3', [join(sourceDir(), 'gemm_torch.py'), String(threads)],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  private readonly lines = createInterface({ input: this.child.stdout })[Symbol.asyncIterator]();

  async next(): Promise<Record<string, unknown>> {
    const line = await this.lines.next();
    if (line.done) throw new Error('gemm_torch.py exited early (is torch installed for /usr/bin/python3?)');
    return JSON.parse(line.value) as Record<string, unknown>;
  }

  async time(s: Shape): Promise<number> {
    this.child.stdin.write(JSON.stringify({ m: s.m, n: s.n, k: s.k, ta: s.ta, tb: s.tb, ms: budgetMs }) + '\n');
    return (await this.next()).ms as number;
  }

  close(): void { this.child.stdin.end(); }
}

/** The python file is not copied to dist/: find it in bench/ beside this file's source. */
function sourceDir(): string {
  return dirname(fileURLToPath(import.meta.url)).replace(`${sep}dist${sep}bench${sep}`, `${sep}bench${sep}`);
}

function loadMain(): NativeAddon {
  const loaded = loadAddon();
  if ('why' in loaded) throw new Error(`native addon unavailable: ${loaded.why}`);
  return loaded.addon;
}

const gflops = (s: Shape, ms: number) => (2 * s.m * s.n * s.k) / ms / 1e6;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

async function main(): Promise<void> {
  const engines: [string, NativeAddon][] = [['aekit', loadMain()]];
  if (baselinePath) engines.push(['old', createRequire(import.meta.url)(baselinePath) as NativeAddon]);
  for (const [, addon] of engines) addon.setThreads(threads);
  const torch = args.includes('--no-torch') ? undefined : new TorchTimer();
  if (torch) console.log(`torch: ${JSON.stringify(await torch.next())}`);
  console.log(`aekit: ${JSON.stringify(engines[0][1].info())}`);
  const list = shapes();
  const best = list.map(() => new Map<string, number>());
  const rng = new Random(7);
  for (let r = 0; r < rounds; r++) {
    for (const [i, s] of list.entries()) {
      const record = (who: string, ms: number) => best[i].set(who, Math.min(best[i].get(who) ?? Infinity, ms));
      for (const [name, addon] of engines) record(name, timeAddon(addon, s, rng));
      if (torch) {
        await pause(5);  // let the other engine's spinning threads go idle
        record('torch', await torch.time(s));
        await pause(5);
      }
    }
  }
  torch?.close();
  const columns = [...engines.map(([name]) => name), ...(torch ? ['torch'] : [])];
  const ratios = columns.slice(1).map((c) => `aekit/${c}`);
  console.log(['shape'.padEnd(18), 'M'.padStart(5), 'N'.padStart(5), 'K'.padStart(5), ' T ',
    ...columns.map((c) => `${c} GF/s`.padStart(12)), ...ratios.map((r) => r.padStart(12))].join(''));
  const logSums = ratios.map(() => 0);
  for (const [i, s] of list.entries()) {
    const rates = columns.map((c) => gflops(s, best[i].get(c)!));
    const cells = rates.slice(1).map((rate, j) => {
      logSums[j] += Math.log(rates[0] / rate);
      return (rates[0] / rate).toFixed(2).padStart(12);
    });
    console.log([s.name.padEnd(18), String(s.m).padStart(5), String(s.n).padStart(5), String(s.k).padStart(5),
      ` ${s.ta ? 'A' : '-'}${s.tb ? 'B' : '-'}`, ...rates.map((x) => x.toFixed(1).padStart(12)), ...cells].join(''));
  }
  console.log(`geometric mean: ${ratios.map((r, j) => `${r} ${Math.exp(logSums[j] / list.length).toFixed(2)}`).join(', ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
