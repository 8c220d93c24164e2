/** Entry of a pool worker under Node (worker_threads): its WorkerInit arrives as workerData. */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInit } from './engine.js';
import { runWorker } from './worker-core.js';

runWorker(workerData as WorkerInit, () => parentPort!.postMessage({ ready: true })).catch((error: unknown) => {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
});
