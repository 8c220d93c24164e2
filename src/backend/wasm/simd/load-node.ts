/** The engine's host under Node: builds read from beside this file, workers from worker_threads. */
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { KernelBuild, KernelHost, WorkerHandle, WorkerInit } from './engine.js';

/** The committed builds are copied here by scripts/copy-wasm.mjs (npm run build). */
const BUILDS: Record<KernelBuild, URL> = {
  'aekit-simd-mt.wasm': new URL('./aekit-simd-mt.wasm', import.meta.url),
  'aekit-simd.wasm': new URL('./aekit-simd.wasm', import.meta.url),
  'aekit-simd-relaxed-mt.wasm': new URL('./aekit-simd-relaxed-mt.wasm', import.meta.url),
  'aekit-simd-relaxed.wasm': new URL('./aekit-simd-relaxed.wasm', import.meta.url),
};

function spawn(init: WorkerInit): Promise<WorkerHandle> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-node.js', import.meta.url), { workerData: init });
    // A worker blocked waiting for jobs must not keep the process alive.
    worker.unref();
    worker.once('message', (message: { ready?: boolean; error?: string }) => {
      if (message.ready) resolve({ terminate: () => void worker.terminate() });
      else reject(new Error(message.error ?? 'the worker did not start'));
    });
    worker.once('error', reject);
  });
}

export const nodeHost: KernelHost = {
  compile: async (build) => WebAssembly.compile(await readFile(BUILDS[build])),
  spawn,
  isBrowserMainThread: false,
};
