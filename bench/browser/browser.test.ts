/**
 * aekit's WebAssembly engine in a real browser page (Debian's chromium, headless), bundled by
 * Vite as an app would bundle it: threads when the page is cross-origin isolated, one thread and
 * the reason otherwise, the relaxed-SIMD build where Chromium has relaxed SIMD (156 has it by default),
 * and kernels (values and gradients) equal to tfjs's cpu backend.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { bundlePage, NO_CHROMIUM, openBundle, removeBundle } from './serve.js';

interface Started { build: string; threads: number; simd: string; relaxedSimd: boolean; isolated: boolean; note?: string }
type Aekit = { start(threads: number): Promise<Started>; checkKernels(): Promise<{ name: string; error: number }[]> };
// The page's global (set by page.ts); these functions run inside the page, so each names it itself.
type PageWindow = { aekit: Aekit };

let bundle = '';
before(async () => {
  if (!NO_CHROMIUM) bundle = await bundlePage();
});
after(() => {
  if (bundle) removeBundle(bundle);
});

for (const isolated of [true, false]) {
  const how = isolated ? 'cross-origin isolated: two threads' : 'not isolated: one thread and why';
  test(`in a browser page, ${how}; kernels equal the cpu backend's`, { skip: NO_CHROMIUM, timeout: 180_000 }, async () => {
    const { browser, page, close } = await openBundle(bundle, isolated);
    try {
      const started = await page.evaluate((threads) => (globalThis as unknown as PageWindow).aekit.start(threads), 2);
      // Chromium runs relaxed SIMD by default since 114, so these kernels run the relaxed build.
      if (Number(browser.version().split('.')[0]) >= 114) assert.equal(started.relaxedSimd, true, `Chromium ${browser.version()}`);
      assert.equal(started.isolated, isolated);
      assert.equal(started.simd, 'simd128');
      if (isolated) {
        assert.deepEqual([started.build, started.threads, started.note], [started.relaxedSimd ? 'aekit-simd-relaxed-mt.wasm' : 'aekit-simd-mt.wasm', 2, undefined]);
      } else {
        assert.deepEqual([started.build, started.threads], [started.relaxedSimd ? 'aekit-simd-relaxed.wasm' : 'aekit-simd.wasm', 1]);
        assert.match(started.note ?? '', /not cross-origin isolated/);
      }
      const checks = await page.evaluate(() => (globalThis as unknown as PageWindow).aekit.checkKernels());
      assert.equal(checks.length, 3);
      // Float32 sums in another order: ~1e-7 of the values' scale; an indexing bug is ~1.
      for (const { name, error } of checks) assert.ok(error < 1e-4, `${name}: relative error ${error}`);
    } finally {
      await close();
    }
  });
}
