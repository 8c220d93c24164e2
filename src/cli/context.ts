/**
 * What most commands do first: start the compute engine and find a saved model (dataset splits:
 * `loadSplit` in src/data/splits.ts). Shared so every command reports missing files the same way.
 */
import * as path from 'node:path';
import { initBackend, type BackendInfo } from '../backend/select.js';
import { loadAutoencoder, type LoadedAutoencoder } from '../io/model-io.js';
import { exists } from '../util/atomic.js';
import { RUN_FILES } from '../training/run-layout.js';
import { UsageError } from './errors.js';
import type { EngineOptions } from './options.js';

export function startEngine(options: EngineOptions): Promise<BackendInfo> {
  return initBackend({ backend: options.backend, ...(options.threads ? { threads: options.threads } : {}) });
}

/**
 * A saved model from a path that is either a model folder (with aekit.json) or a run folder
 * (its best model, else its last).
 */
export async function loadModelArg(modelPath: string): Promise<LoadedAutoencoder> {
  const candidates = [modelPath, path.join(modelPath, RUN_FILES.best), path.join(modelPath, RUN_FILES.last)];
  for (const dir of candidates) {
    if ((await exists(path.join(dir, 'aekit.json'))) || (await exists(path.join(`${dir}.previous`, 'aekit.json')))) return loadAutoencoder(dir);
  }
  if (!(await exists(modelPath))) throw new UsageError(`model ${modelPath}: no such file or folder`);
  throw new UsageError(`model ${modelPath}: not a saved aekit model or run folder (expected aekit.json there or in best/ or last/)`);
}
