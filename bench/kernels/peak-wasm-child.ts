/**
 * peak.ts's child for the relaxed-SIMD module (Node 20 validates relaxed SIMD only with a flag):
 *
 *   node --experimental-wasm-relaxed-simd dist/bench/kernels/peak-wasm-child.js MODULE STEPS REPEATS
 *
 * prints "seconds sum" as the x86 programs built from peak.cc do.
 */
import { wasmPeakTimer } from './peak-wasm.js';

const [file, steps, repeats] = process.argv.slice(2);
try {
  const timing = (await wasmPeakTimer(file!))(Number(steps), Number(repeats));
  console.log(`${timing.seconds} ${timing.sum}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
