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
import { engineGemms, GEMM_FLOPS } from './peak-engines.js';
import { formatSummary, summarise } from './peak-report.js';
import { flopsPerRepeat, timerFor, type Timer } from './peak-timers.js';
import { buildVariants, type Variant } from './peak-variants.js';

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 5;
const json = args.includes('--json');

interface Row {
  variant: Variant;
  timer?: Timer;
  /** How many of the expected instructions the built step has, or why that was not checked. */
  code: number | string;
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
    if ('skipped' in built) return { variant: built.variant, code: 'not built', bestSeconds: Infinity, skipped: built.skipped };
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
    const measured = rows.map((row) => (row.skipped ? { name: row.variant.name, skipped: row.skipped } : {
      variant: row.variant, code: row.code, gflops: flopsPerRepeat(row.variant) / row.bestSeconds / 1e9,
    }));
    const gemms = engines.map((engine, i) => ({ name: engine.name, peak: engine.peak, gflops: GEMM_FLOPS / engineMs[i]! / 1e6 }));
    const summary = summarise(measured, gemms, notes, { cpu: cpuLine(), load: loadLine(), rounds });
    console.log(json ? JSON.stringify(summary, null, 2) : formatSummary(summary));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

main().then(() => process.exit(), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
