/**
 * The roofline of this CPU for one thread: each instruction set's peak multiply-add rate
 * (peak.cc built at run time as AVX-512, AVX2, 128-bit FMA and SSE programs and as plain and
 * relaxed SIMD128 WebAssembly), the ratio of each to the best native one, and so the ceiling
 * that WebAssembly's 128-bit vectors put on a GEMM-bound model's wasm / native ratio. For scale,
 * the engines' own GEMM at the deep model's largest forward product as a share of its peak.
 * The variants take turns round after round and each keeps its fastest, so a busy machine slows
 * all of them alike.
 *
 *   node dist/bench/kernels/peak.js [--rounds N] [--json]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fastestMs } from './engine-case.js';
import { checkCode } from './peak-code.js';
import { engineGemms, GEMM, GEMM_FLOPS } from './peak-engines.js';
import { flopsPerRepeat, timerFor, type Timer } from './peak-timers.js';
import { ACCUMULATORS, buildVariants, type Variant } from './peak-variants.js';

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 5;
const json = args.includes('--json');

interface Row {
  variant: Variant;
  timer?: Timer;
  /** How many of the expected instructions the built step has, or why that was not checked. */
  code?: number | string;
  bestSeconds: number;
  skipped?: string;
}

/** "AMD EPYC 9xxx (cpu family 26, model 2)" from /proc/cpuinfo, else what Node reports. */
function cpuLine(): string {
  let info = '';
  try {
    info = readFileSync('/proc/cpuinfo', 'utf8');
  } catch { /* not Linux */ }
  const field = (name: string): string | undefined => info.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, 'm'))?.[1]?.trim();
  const model = field('model name') ?? cpus()[0]?.model ?? 'unknown CPU';
  const family = field('cpu family');
  return family ? `${model} (cpu family ${family}, model ${field('model')})` : model;
}

function loadLine(): string {
  try {
    return `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${cpus().length} cores`;
  } catch {
    return `${cpus().length} cores`;
  }
}

async function prepare(folder: string): Promise<Row[]> {
  return Promise.all(buildVariants(folder).map(async (built): Promise<Row> => {
    if ('skipped' in built) return { variant: built.variant, bestSeconds: Infinity, skipped: built.skipped };
    const check = checkCode(built.variant, built.file);
    const code = 'found' in check ? check.found : check.unchecked;
    const timer = await timerFor(built.variant, built.file);
    if ('failed' in timer) return { variant: built.variant, code, bestSeconds: Infinity, skipped: timer.failed };
    return { variant: built.variant, code, timer, bestSeconds: Infinity };
  }));
}

async function main(): Promise<void> {
  if (!Number.isInteger(rounds) || rounds < 1) {
    console.error(`peak: --rounds expects a whole number of at least 1, found ${args[args.indexOf('--rounds') + 1]}`);
    process.exit(2);
  }
  const folder = mkdtempSync(join(tmpdir(), 'aekit-peak-'));
  try {
    const rows = await prepare(folder);
    const { engines, notes } = await engineGemms();
    const engineMs = engines.map(() => Infinity);
    for (let r = 0; r < rounds; r++) {
      for (const row of rows) {
        if (!row.timer) continue;
        const measured = row.timer();
        if ('failed' in measured) {
          row.skipped = measured.failed;
          delete row.timer;
        } else {
          row.bestSeconds = Math.min(row.bestSeconds, measured.seconds);
        }
      }
      engines.forEach((engine, i) => { engineMs[i] = Math.min(engineMs[i]!, fastestMs(engine.run, 200)); });
    }
    report(rows, engines.map((engine, i) => ({ name: engine.name, peak: engine.peak, gflops: GEMM_FLOPS / engineMs[i]! / 1e6 })), notes);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function report(rows: Row[], engines: { name: string; peak: string; gflops: number }[], notes: string[]): void {
  const measured = rows.filter((row) => !row.skipped).map((row) => ({
    name: row.variant.name, target: row.variant.target, instructions: row.variant.expect, code: row.code,
    gflops: flopsPerRepeat(row.variant) / row.bestSeconds / 1e9,
  }));
  const natives = measured.filter((row) => row.target === 'x86');
  const best = natives.reduce<(typeof measured)[number] | undefined>((a, b) => (a && a.gflops >= b.gflops ? a : b), undefined);
  const avx2 = natives.find((row) => row.name === 'native-avx2');
  const ceilings = measured.filter((row) => row.target !== 'x86').flatMap((wasm) => [best, avx2 !== best ? avx2 : undefined]
    .filter((native) => native !== undefined).map((native) => ({ wasm: wasm.name, native: native.name, ratio: wasm.gflops / native.gflops })));
  const gemms = engines.map((engine) => {
    const peak = measured.find((row) => row.name === engine.peak);
    return { ...engine, percentOfPeak: peak ? (100 * engine.gflops) / peak.gflops : undefined };
  });
  const skipped = rows.filter((row) => row.skipped).map((row) => ({ name: row.variant.name, why: row.skipped! }));
  if (json) {
    const variants = measured.map((row) => ({ ...row, ratioToBestNative: best ? row.gflops / best.gflops : undefined }));
    console.log(JSON.stringify({ cpu: cpuLine(), load: loadLine(), rounds, accumulators: ACCUMULATORS, variants, skipped, ceilings, gemm: { ...GEMM, engines: gemms }, notes }, null, 2));
    return;
  }
  console.log(`${cpuLine()}; ${loadLine()}`);
  console.log(`peak multiply-add rate on one thread, ${ACCUMULATORS} accumulators, fastest of ${rounds} rounds`);
  console.log(`${'variant'.padEnd(15)}${'step compiles to'.padEnd(30)}${'GFLOP/s'.padStart(9)}${'vs best native'.padStart(16)}`);
  for (const row of measured) {
    const code = typeof row.code === 'number' ? `${row.instructions} (${row.code}x${row.code < ACCUMULATORS ? '!' : ''})` : `${row.instructions} (unchecked)`;
    console.log(`${row.name.padEnd(15)}${code.padEnd(30)}${row.gflops.toFixed(1).padStart(9)}${(best ? (row.gflops / best.gflops).toFixed(2) : '-').padStart(16)}`);
  }
  for (const row of measured) {
    if (typeof row.code !== 'number') console.log(`${row.name}: instructions not checked (${row.code})`);
    else if (row.code < ACCUMULATORS) console.log(`${row.name}: only ${row.code} of the expected instructions for ${ACCUMULATORS} accumulators: it does not measure what its name says`);
  }
  for (const { name, why } of skipped) console.log(`${name}: skipped, ${why}`);
  for (const c of ceilings) {
    const why = c.native === best?.name ? '' : ` (were the native engine running its ${c.native.replace('native-', '')} kernels)`;
    console.log(`ceiling: ${c.wasm} / ${c.native} = ${c.ratio.toFixed(2)}x${why}`);
  }
  console.log(`engines' GEMM ${GEMM.m}x${GEMM.k}x${GEMM.n} (deep forward, bias + relu), one thread:`);
  for (const g of gemms) {
    const share = g.percentOfPeak === undefined ? `no ${g.peak} row measured` : `${g.percentOfPeak.toFixed(0)}% of ${g.peak}`;
    console.log(`  ${g.name.padEnd(28)}${g.gflops.toFixed(1).padStart(8)} GFLOP/s  ${share}`);
  }
  const [native, wasm] = [gemms.find((g) => g.name.startsWith('native')), gemms.find((g) => g.name.startsWith('wasm'))];
  if (native && wasm) console.log(`  wasm / native = ${(wasm.gflops / native.gflops).toFixed(2)}x`);
  for (const note of notes) console.log(note);
}

main().then(() => process.exit(), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
