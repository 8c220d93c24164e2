/**
 * peak.ts's results: the ratios and ceilings derived from the measured rates (the --json
 * output), and the same as a table.
 */
import { GEMM } from './peak-engines.js';
import { ACCUMULATORS, type Variant } from './peak-variants.js';

/** A variant's fastest rate and how many of its expected instructions the built code has (or why unchecked). */
export type VariantResult = { variant: Variant; code: number | string; gflops: number } | { name: string; skipped: string };

export interface Summary {
  cpu: string;
  load: string;
  rounds: number;
  accumulators: number;
  variants: { name: string; target: Variant['target']; instructions: string; code: number | string; gflops: number; ratioToBestNative?: number }[];
  skipped: { name: string; why: string }[];
  /** A wasm rate over a native one: the most a GEMM-bound model's wasm / native ratio can reach. */
  ceilings: { wasm: string; native: string; ratio: number; bestNative: boolean }[];
  gemm: { m: number; k: number; n: number; engines: { name: string; peak: string; gflops: number; percentOfPeak?: number }[] };
  notes: string[];
}

export function summarise(
  results: VariantResult[], gemms: { name: string; peak: string; gflops: number }[], notes: string[],
  context: { cpu: string; load: string; rounds: number },
): Summary {
  const rates = results.flatMap((r) => ('skipped' in r ? [] : [{
    name: r.variant.name, target: r.variant.target, instructions: r.variant.expect, code: r.code, gflops: r.gflops,
  }]));
  const natives = rates.filter((r) => r.target === 'x86');
  const best = natives.reduce<(typeof natives)[number] | undefined>((a, b) => (a && a.gflops >= b.gflops ? a : b), undefined);
  // Also against AVX2: the ceiling were the native engine running its AVX2 kernels.
  const references = [best, natives.find((r) => r.name === 'native-avx2' && r !== best)].filter((r) => r !== undefined);
  return {
    ...context,
    accumulators: ACCUMULATORS,
    variants: rates.map((r) => ({ ...r, ...(best ? { ratioToBestNative: r.gflops / best.gflops } : {}) })),
    skipped: results.flatMap((r) => ('skipped' in r ? [{ name: r.name, why: r.skipped }] : [])),
    ceilings: rates.filter((r) => r.target !== 'x86').flatMap((wasm) => references.map((native) => ({
      wasm: wasm.name, native: native.name, ratio: wasm.gflops / native.gflops, bestNative: native === best,
    }))),
    gemm: {
      ...GEMM,
      engines: gemms.map((engine) => {
        const peak = rates.find((r) => r.name === engine.peak);
        return { ...engine, ...(peak ? { percentOfPeak: (100 * engine.gflops) / peak.gflops } : {}) };
      }),
    },
    notes,
  };
}

export function formatSummary(s: Summary): string {
  const lines = [
    `${s.cpu}; ${s.load}`,
    `peak multiply-add rate on one thread, ${s.accumulators} accumulators, fastest of ${s.rounds} rounds`,
    `${'variant'.padEnd(15)}${'step compiles to'.padEnd(30)}${'GFLOP/s'.padStart(9)}${'vs best native'.padStart(16)}`,
  ];
  for (const v of s.variants) {
    const code = typeof v.code === 'number' ? `${v.code}x${v.code < s.accumulators ? '!' : ''}` : 'unchecked';
    const ratio = v.ratioToBestNative === undefined ? '-' : v.ratioToBestNative.toFixed(2);
    lines.push(`${v.name.padEnd(15)}${`${v.instructions} (${code})`.padEnd(30)}${v.gflops.toFixed(1).padStart(9)}${ratio.padStart(16)}`);
  }
  for (const v of s.variants) {
    if (typeof v.code === 'string') lines.push(`${v.name}: instructions not checked (${v.code})`);
    else if (v.code < s.accumulators) lines.push(`${v.name}: only ${v.code} of the expected instructions for ${s.accumulators} accumulators: it does not measure what its name says`);
  }
  for (const { name, why } of s.skipped) lines.push(`${name}: skipped, ${why}`);
  for (const c of s.ceilings) {
    const why = c.bestNative ? '' : ` (were the native engine running its ${c.native.replace('native-', '')} kernels)`;
    lines.push(`ceiling: ${c.wasm} / ${c.native} = ${c.ratio.toFixed(2)}x${why}`);
  }
  lines.push(`engines' GEMM ${s.gemm.m}x${s.gemm.k}x${s.gemm.n} (deep forward, bias + relu), one thread:`);
  for (const g of s.gemm.engines) {
    const share = g.percentOfPeak === undefined ? `no ${g.peak} row measured` : `${g.percentOfPeak.toFixed(0)}% of ${g.peak}`;
    lines.push(`  ${g.name.padEnd(28)}${g.gflops.toFixed(1).padStart(8)} GFLOP/s  ${share}`);
  }
  const native = s.gemm.engines.find((g) => g.name.startsWith('native'));
  const wasm = s.gemm.engines.find((g) => g.name.startsWith('wasm'));
  if (native && wasm) lines.push(`  wasm / native = ${(wasm.gflops / native.gflops).toFixed(2)}x`);
  return [...lines, ...s.notes].join('\n');
}
