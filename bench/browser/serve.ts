/**
 * Puts ./page.ts in headless Chromium: bundles it with Vite (the .wasm builds and the pool's
 * worker follow their new URL(..., import.meta.url) references, as in any app that bundles
 * aekit), serves it on 127.0.0.1 with or without the cross-origin isolation headers, and opens it
 * with playwright-core in Debian's chromium.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
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

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.map': 'application/json' };

/**
 * Serves `root` on 127.0.0.1 (a free port). `isolated` adds COOP same-origin + COEP
 * require-corp, which a page needs for SharedArrayBuffer and so for threads. `files` are extra
 * in-memory responses by path (the bench's pixels).
 */
export async function servePage(root: string, isolated: boolean, files: Record<string, Uint8Array> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const headers: Record<string, string> = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    const inMemory = files[path];
    const file = join(root, path === '/' ? 'index.html' : path);
    if (!inMemory && (!file.startsWith(root) || !existsSync(file))) {
      response.writeHead(404, headers).end('not found');
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': inMemory ? 'application/octet-stream' : TYPES[extname(file)] ?? 'application/octet-stream' });
    response.end(inMemory ?? readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the page server has no port');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Headless Chromium on the page, once it has loaded the engine's module (window.aekitReady). */
export async function openPage(url: string): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage();
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(url);
  await page.waitForFunction(() => (globalThis as { aekitReady?: boolean }).aekitReady === true, undefined, { timeout: 60_000 });
  return { browser, page };
}

export function removeBundle(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
