/** Entry of a pool worker in a browser (a module Web Worker): its WorkerInit is the first message. */
import type { WorkerInit } from './engine.js';
import { runWorker } from './worker-core.js';

// The DOM lib types `self` as a Window; in a worker only these two members are used.
const scope = globalThis as unknown as { onmessage: ((event: MessageEvent) => void) | null; postMessage(message: unknown): void };

scope.onmessage = (event: MessageEvent) => {
  scope.onmessage = null;
  runWorker(event.data as WorkerInit, () => scope.postMessage({ ready: true })).catch((error: unknown) => {
    scope.postMessage({ error: error instanceof Error ? error.message : String(error) });
  });
};
