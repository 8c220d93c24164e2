/**
 * One timer per built peak variant, each a call that runs the variant for a few repeats and
 * returns its fastest: the x86 programs and the relaxed-SIMD module in child processes (one per
 * call), the plain SIMD128 module in this process. A timer that fails (a crash, an illegal
 * instruction, a wrong sum) says why instead of giving a number.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { wasmFeatures } from '../../src/backend/wasm/simd/features.js';
import { ACCUMULATORS, type Variant } from './peak-variants.js';
import { wasmPeakTimer, type Timing } from './peak-wasm.js';

/** Steps per repeat: ~30 ms at every width (each step is one multiply-add per accumulator). */
const STEPS = 20_000_000;
const REPEATS = 3;
const CHILD = fileURLToPath(new URL('./peak-wasm-child.js', import.meta.url));
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';

export type Measured = Timing | { failed: string };
export type Timer = () => Measured;

/** A repeat's floating-point operations: a multiply and an add per lane and accumulator. */
export function flopsPerRepeat(variant: Variant): number {
  return STEPS * ACCUMULATORS * (variant.bytes / 4) * 2;
}

/** The sum proves the loop ran: every accumulator tends to 1. */
function checked(timing: Timing): Measured {
  return Math.abs(timing.sum - ACCUMULATORS) < 0.01 * ACCUMULATORS
    ? timing
    : { failed: `wrong sum ${timing.sum} (expected ${ACCUMULATORS}): the loop did not run as written` };
}

function child(command: string, args: string[]): Measured {
  const result = spawnSync(command, [...args, String(STEPS), String(REPEATS)], { encoding: 'utf8' });
  if (result.status !== 0) {
    const why = result.signal ?? result.error?.message ?? result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`;
    return { failed: `${command === process.execPath ? 'node' : 'the program'} failed: ${why}` };
  }
  const [seconds, sum] = result.stdout.trim().split(/\s+/).map(Number);
  return checked({ seconds: seconds!, sum: sum! });
}

export async function timerFor(variant: Variant, file: string): Promise<Timer | { failed: string }> {
  if (variant.target === 'x86') return () => child(file, []);
  if (variant.target === 'wasm-relaxed') {
    // The child needs the flag unless this Node has relaxed SIMD without it.
    const needsFlag = process.execArgv.includes(RELAXED_FLAG) || !wasmFeatures().relaxedSimd;
    return () => child(process.execPath, [...(needsFlag ? [RELAXED_FLAG] : []), CHILD, file]);
  }
  try {
    const time = await wasmPeakTimer(file);
    return () => checked(time(STEPS, REPEATS));
  } catch (error) {
    return { failed: `cannot instantiate: ${error instanceof Error ? error.message : String(error)}` };
  }
}
