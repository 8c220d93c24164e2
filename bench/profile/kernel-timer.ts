/**
 * Per-kernel wall-clock timing for one backend: every kernel registered for it is wrapped with a
 * timer (profiling only; `stop()` restores the original registrations).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface KernelTimes {
  /** kernel name -> [calls, total milliseconds] */
  totals: Map<string, [number, number]>;
  reset(): void;
  stop(): void;
  /** Rows sorted by total time, as printable text. */
  report(top?: number): string;
}

export function timeKernels(backendName: string): KernelTimes {
  const originals = tf.getKernelsForBackend(backendName);
  const totals = new Map<string, [number, number]>();
  for (const config of originals) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, backendName);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        const start = performance.now();
        const result = inner(args);
        const entry = totals.get(config.kernelName) ?? [0, 0];
        entry[0] += 1;
        entry[1] += performance.now() - start;
        totals.set(config.kernelName, entry);
        return result;
      },
    });
  }
  return {
    totals,
    reset: () => totals.clear(),
    stop: () => {
      for (const config of originals) {
        tf.unregisterKernel(config.kernelName, backendName);
        tf.registerKernel(config);
      }
    },
    report: (top = 25) => {
      const rows = [...totals.entries()].sort((a, b) => b[1][1] - a[1][1]).slice(0, top);
      const all = [...totals.values()].reduce((s, [, ms]) => s + ms, 0);
      return rows
        .map(([name, [calls, ms]]) => `${name.padEnd(28)} ${String(calls).padStart(7)} calls ${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / all).toFixed(1).padStart(5)}%`)
        .join('\n');
    },
  };
}
