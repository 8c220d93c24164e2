/**
 * Times peak_run of a WebAssembly build of peak.cc in this JavaScript runtime: in peak.ts's own
 * process for plain SIMD128, in peak-wasm-child.ts for relaxed SIMD (Node 20 needs a flag).
 */
import { readFileSync } from 'node:fs';

/** The fastest repeat's seconds and peak_run's sum (PEAK_ACCUMULATORS when it really ran). */
export interface Timing {
  seconds: number;
  sum: number;
}

type PeakRun = (steps: number, a: number, b: number) => number;

/** Instantiates the module and calls it once, so V8 tiers it up from Liftoff before it is timed. */
export async function wasmPeakTimer(file: string): Promise<(steps: number, repeats: number) => Timing> {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
  const run = instance.exports.peak_run as PeakRun;
  run(1_000_000, 0.999, 0.001);
  return (steps, repeats) => {
    let seconds = Infinity, sum = NaN;
    for (let r = 0; r < repeats; r++) {
      const start = performance.now();
      sum = run(steps, 0.999, 0.001);
      seconds = Math.min(seconds, (performance.now() - start) / 1000);
    }
    return { seconds, sum };
  };
}
