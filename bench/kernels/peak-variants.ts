/**
 * The instruction sets peak.ts measures, and how each is built from peak.cc into a temporary
 * folder: g++ programs for x86, em++ modules for WebAssembly (the relaxed one with Debian's
 * clang 19, as scripts/build-wasm.mjs builds the engine's relaxed variant). A variant whose
 * compiler is missing or whose instructions this CPU lacks is not built; `skipped` says why.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Independent accumulators per step: enough to hide the FMA latency (4 cycles x 2 pipes on Zen). */
export const ACCUMULATORS = 12;

/** The instructions a variant's step should compile to, in words (peak-code.ts checks them). */
export type Instructions = 'vfmadd zmm' | 'vfmadd ymm' | 'vfmadd xmm' | 'mulps + addps' | 'f32x4.mul + f32x4.add' | 'f32x4.relaxed_madd';

export interface Variant {
  name: string;
  target: 'x86' | 'wasm' | 'wasm-relaxed';
  bytes: 16 | 32 | 64;
  flags: string[];
  /** /proc/cpuinfo flags the x86 build needs. */
  cpuFlags: string[];
  expect: Instructions;
}

export const VARIANTS: Variant[] = [
  { name: 'native-avx512', target: 'x86', bytes: 64, flags: ['-mavx512f', '-mfma'], cpuFlags: ['avx512f', 'fma'], expect: 'vfmadd zmm' },
  { name: 'native-avx2', target: 'x86', bytes: 32, flags: ['-mavx2', '-mfma'], cpuFlags: ['avx2', 'fma'], expect: 'vfmadd ymm' },
  // 128-bit FMA: what the relaxed wasm build can at best become on this CPU.
  { name: 'native-fma128', target: 'x86', bytes: 16, flags: ['-mavx2', '-mfma'], cpuFlags: ['avx2', 'fma'], expect: 'vfmadd xmm' },
  // x86-64's baseline SSE2: no FMA, as plain SIMD128.
  { name: 'native-sse', target: 'x86', bytes: 16, flags: [], cpuFlags: ['sse2'], expect: 'mulps + addps' },
  { name: 'wasm-simd128', target: 'wasm', bytes: 16, flags: ['-msimd128'], cpuFlags: [], expect: 'f32x4.mul + f32x4.add' },
  { name: 'wasm-relaxed', target: 'wasm-relaxed', bytes: 16, flags: ['-msimd128', '-mrelaxed-simd'], cpuFlags: [], expect: 'f32x4.relaxed_madd' },
];

export type Built = { variant: Variant; file: string } | { variant: Variant; skipped: string };

const SOURCE = fileURLToPath(new URL('../../../bench/kernels/peak.cc', import.meta.url));
// em++ as scripts/build-wasm.mjs drives it: a bare module without JavaScript glue (so no
// wasm-emscripten-finalize pass, whose old binaryen rejects relaxed opcodes), and for relaxed
// SIMD Debian's LLVM 19 in place of emscripten's own clang 14.
const EMXX_LINK = ['--oformat=bare', '--no-entry', '-Wno-experimental', '-sEXPORTED_FUNCTIONS=_peak_run'];
const LLVM_19 = { EM_LLVM_ROOT: '/usr/bin', EM_LLVM_ADD_VERSION: '19', EM_CLANG_ADD_VERSION: '19' };

/** Debian's emscripten runs acorn from /usr/share/nodejs, which a non-Debian node does not search. */
function toolEnv(relaxed: boolean): NodeJS.ProcessEnv {
  const nodePath = [process.env.NODE_PATH, '/usr/share/nodejs'].filter(Boolean).join(':');
  return { ...process.env, NODE_PATH: nodePath, ...(relaxed ? LLVM_19 : {}) };
}

function runs(tool: string, env?: NodeJS.ProcessEnv): boolean {
  return spawnSync(tool, ['--version'], { env, stdio: 'ignore' }).status === 0;
}

function cpuFlags(): Set<string> | undefined {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('flags'));
    return line ? new Set(line.split(':')[1]!.trim().split(/\s+/)) : undefined;
  } catch {
    return undefined;
  }
}

/** Why this variant cannot be built or run here, or undefined. */
function whyNot(variant: Variant, flags: Set<string> | undefined): string | undefined {
  if (variant.target === 'x86') {
    if (process.arch !== 'x64') return `not an x86-64 CPU (${process.arch})`;
    if (!runs('g++')) return 'g++ not found (apt-get install g++)';
    const missing = flags ? variant.cpuFlags.filter((f) => !flags.has(f)) : [];
    return missing.length > 0 ? `this CPU lacks ${missing.join(', ')}` : undefined;
  }
  const relaxed = variant.target === 'wasm-relaxed';
  if (!runs('em++', toolEnv(relaxed))) return 'em++ not found (apt-get install emscripten)';
  if (relaxed && !(runs('clang++-19') && runs('wasm-ld-19'))) return 'clang++-19 or wasm-ld-19 not found (apt-get install clang-19 lld-19)';
  return undefined;
}

function compile(variant: Variant, file: string): string | undefined {
  const defines = [`-DPEAK_BYTES=${variant.bytes}`, `-DPEAK_ACCUMULATORS=${ACCUMULATORS}`];
  const [tool, args] = variant.target === 'x86'
    ? ['g++', ['-O3', ...variant.flags, ...defines, SOURCE, '-o', file]]
    : ['em++', ['-O3', ...variant.flags, ...defines, SOURCE, ...EMXX_LINK, '-o', file]];
  const result = spawnSync(tool, args, { env: toolEnv(variant.target === 'wasm-relaxed'), encoding: 'utf8' });
  if (result.status === 0) return undefined;
  const output = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-3).join(' / ');
  return `${tool} failed: ${output || result.error?.message || `exit ${result.status}`}`;
}

/** Builds every variant this machine can run into `folder`. */
export function buildVariants(folder: string): Built[] {
  const flags = cpuFlags();
  return VARIANTS.map((variant) => {
    const file = join(folder, `${variant.name}${variant.target === 'x86' ? '' : '.wasm'}`);
    const skipped = whyNot(variant, flags) ?? compile(variant, file);
    return skipped ? { variant, skipped } : { variant, file };
  });
}
