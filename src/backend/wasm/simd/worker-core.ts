/**
 * A pool worker's life, the same in Node and in a browser: instantiate the threaded build over
 * the shared memory, take its own stack and thread-local storage, say it is ready, then serve
 * jobs forever (aekit_worker_loop never returns; the worker ends when its owner terminates it).
 */
import type { WorkerInit } from './engine.js';
import { instantiateKernels } from './instance.js';

export async function runWorker(init: WorkerInit, ready: () => void): Promise<void> {
  const { exports } = await instantiateKernels(init.module, { kind: 'worker' }, init.memory);
  // The stack first: instantiation left this instance on the main thread's stack region.
  exports.stackRestore!(init.stackBase);
  exports.emscripten_stack_set_limits!(init.stackBase, init.stackEnd);
  exports._emscripten_thread_init!(init.thread, 0, 0, 1, 0);
  exports.emscripten_tls_init!();
  ready();
  exports.aekit_worker_loop(init.index);
}
