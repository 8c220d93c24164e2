/**
 * What a peak variant's step really compiled to: counts the instructions its row claims in the
 * built code (objdump -d of peak_run for x86; the opcodes in a wasm module's bytes, since
 * Debian's wasm-dis 108 cannot decode standard relaxed SIMD). Fewer than one per accumulator
 * means the compiler did something else (no FMA, a folded or spilled loop) and the row's number
 * does not measure what its name says.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Instructions, Variant } from './peak-variants.js';

/** x86 mnemonics (AT&T syntax, as objdump prints them) or wasm SIMD opcodes (0xfd, then LEB128). */
const CODE: Record<Instructions, { x86: RegExp[] } | { wasm: number[][] }> = {
  'vfmadd zmm': { x86: [/\bvfmadd\d+ps\s+%zmm/g] },
  'vfmadd ymm': { x86: [/\bvfmadd\d+ps\s+%ymm/g] },
  'vfmadd xmm': { x86: [/\bvfmadd\d+ps\s+%xmm/g] },
  'mulps + addps': { x86: [/\bmulps\s+%xmm/g, /\baddps\s+%xmm/g] },
  'f32x4.mul + f32x4.add': { wasm: [[0xfd, 0xe6, 0x01], [0xfd, 0xe4, 0x01]] },
  'f32x4.relaxed_madd': { wasm: [[0xfd, 0x85, 0x02]] },
};

function countBytes(haystack: Uint8Array, needle: number[]): number {
  let count = 0;
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((b, j) => haystack[i + j] === b)) count++;
  }
  return count;
}

/** The disassembly of peak_run alone (main has other floating-point code). */
function x86Function(file: string): string | undefined {
  const result = spawnSync('objdump', ['-d', '--no-show-raw-insn', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) return undefined;
  const start = result.stdout.indexOf('<peak_run>:');
  if (start < 0) return undefined;
  const end = result.stdout.indexOf('\n\n', start);
  return result.stdout.slice(start, end < 0 ? undefined : end);
}

/** The fewest of the expected instructions found (one count per kind), or why it could not be checked. */
export function checkCode(variant: Variant, file: string): { found: number } | { unchecked: string } {
  const code = CODE[variant.expect];
  if ('wasm' in code) {
    const bytes = readFileSync(file);
    return { found: Math.min(...code.wasm.map((opcode) => countBytes(bytes, opcode))) };
  }
  const text = x86Function(file);
  if (text === undefined) return { unchecked: 'objdump unavailable or peak_run not found' };
  return { found: Math.min(...code.x86.map((pattern) => text.match(pattern)?.length ?? 0)) };
}
