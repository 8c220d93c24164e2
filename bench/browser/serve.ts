/**
 * Puts ./page.ts in headless Chromium: bundles the compiled page with Vite (the .wasm builds and
 * the pool's worker follow their new URL(..., import.meta.url) references, as in any app that
 * bundles aekit) into a fresh folder; serving it (with or without the cross-origin isolation
 * headers) and opening it are testing/support/browser-page.ts's.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium, openPage, serveStatic, type StaticServer } from '../../testing/support/browser-page.js';

export const NO_CHROMIUM = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (apt-get install chromium)`;

const here = dirname(fileURLToPath(import.meta.url));  // dist/bench/browser

/** Bundles the compiled page (dist/bench/browser/page.js) into a fresh folder; returns it. */
export async function bundlePage(): Promise<string> {
  const { build } = await import('vite');
  const out = mkdtempSync(join(tmpdir(), 'aekit-wasm-page-'));
  writeFileSync(join(here, 'index.html'), '<!doctype html><meta charset="utf-8"><title>aekit wasm</title><script type="module" src="./page.js"></script>\n');
  await build({
    root: here, logLevel: 'error', configFile: false,
    build: { outDir: out, emptyOutDir: true, target: 'es2022', minify: false, assetsInlineLimit: 0 },
    worker: { format: 'es' },
  });
  return out;
}

/** Adds files to a bundle folder (the bench's pixels), by path under it. */
export function addFiles(bundle: string, files: Record<string, Uint8Array>): void {
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(bundle, name)), { recursive: true });
    writeFileSync(join(bundle, name), bytes);
  }
}

/** Serves the bundle on 127.0.0.1 and opens it in headless Chromium, once page.ts has loaded. */
export async function openBundle(bundle: string, isolated: boolean): Promise<{ server: StaticServer; browser: Browser; page: Page; close(): Promise<void> }> {
  const server = await serveStatic(bundle, { isolated });
  const browser = await launchChromium();
  const { page, log } = await openPage(browser, server.url);
  try {
    await page.waitForFunction(() => (globalThis as { aekitReady?: boolean }).aekitReady === true, undefined, { timeout: 60_000 });
  } catch (error) {
    await browser.close();
    await server.close();
    throw new Error(`the page did not load the engine: ${log.errors.join('; ') || (error as Error).message}`);
  }
  return { server, browser, page, close: async () => { await browser.close(); await server.close(); } };
}

export function removeBundle(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
