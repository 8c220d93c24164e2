/**
 * The relaxed-SIMD build against the plain one in headless Chromium (../kernels/builds.ts, run in
 * the bench page, cross-origin isolated):
 *
 *   node dist/bench/browser/builds.js [--threads N] [--rounds N]
 */
import type { BuildComparison } from '../kernels/builds.js';
import { formatComparison } from '../kernels/builds.js';
import { bundlePage, NO_CHROMIUM, openBundle, removeBundle } from './serve.js';

type PageWindow = { aekit: { compareBuilds(threads: number, rounds: number): Promise<BuildComparison> } };

if (NO_CHROMIUM) throw new Error(NO_CHROMIUM);
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
const bundle = await bundlePage();
const { browser, page, close } = await openBundle(bundle, true);
try {
  const comparison = await page.evaluate(([threads, rounds]) => (globalThis as unknown as PageWindow).aekit.compareBuilds(threads, rounds),
    [Number(option('--threads', '1')), Number(option('--rounds', '5'))] as const);
  console.log(formatComparison(`headless Chromium ${browser.version()}`, comparison));
} finally {
  await close();
  removeBundle(bundle);
}
