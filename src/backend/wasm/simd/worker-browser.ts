/** Entry of a pool worker in a browser (a module Web Worker): its WorkerInit is the first message. */
import type { WorkerInit } from './engine.js';
import { runWorker } from './worker-core.js';

/** The two members of a worker's global scope used here; the DOM lib types the global as a Window, which has them too. */
interface WorkerScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage(message: unknown): void;
}

const scope: WorkerScope = globalThis;

scope.onmessage = (event: MessageEvent) => {
  scope.onmessage = null;
  runWorker(event.data as WorkerInit, () => scope.postMessage({ ready: true })).catch((error: unknown) => {
    scope.postMessage({ error: error instanceof Error ? error.message : String(error) });
  });
};
