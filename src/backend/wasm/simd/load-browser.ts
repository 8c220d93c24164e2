/**
 * The engine's host in a browser: builds fetched and compiled, workers as module
 * Web Workers. Both are `new URL('./file', import.meta.url)` references, which bundlers (Vite,
 * esbuild with a file loader) follow and copy.
 */
import type { KernelBuild, KernelHost, WorkerHandle, WorkerInit } from './engine.js';

const BUILDS: Record<KernelBuild, URL> = {
  'aekit-simd-mt.wasm': new URL('./aekit-simd-mt.wasm', import.meta.url),
  'aekit-simd.wasm': new URL('./aekit-simd.wasm', import.meta.url),
  'aekit-simd-relaxed-mt.wasm': new URL('./aekit-simd-relaxed-mt.wasm', import.meta.url),
  'aekit-simd-relaxed.wasm': new URL('./aekit-simd-relaxed.wasm', import.meta.url),
};

async function compile(build: KernelBuild): Promise<WebAssembly.Module> {
  const response = await fetch(BUILDS[build]);
  if (!response.ok) throw new Error(`fetching ${BUILDS[build].href} failed: HTTP ${response.status}`);
  // Not compileStreaming: it insists on an application/wasm content type, which not every server sends.
  return WebAssembly.compile(await response.arrayBuffer());
}

function spawn(init: WorkerInit): Promise<WorkerHandle> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-browser.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ ready?: boolean; error?: string }>) => {
      if (event.data.ready) resolve({ terminate: () => worker.terminate() });
      else reject(new Error(event.data.error ?? 'the worker did not start'));
    };
    worker.onerror = (event) => reject(new Error(event.message || 'the worker failed to load'));
    worker.postMessage(init);
  });
}

export const browserHost: KernelHost = {
  compile,
  spawn,
  isBrowserMainThread: typeof (globalThis as { document?: unknown }).document === 'object',
};
