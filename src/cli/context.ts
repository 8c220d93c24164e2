/**
 * What most commands do first: start the compute engine, load a dataset split, find a saved model.
 * Shared here so every command reports missing files and mismatched shapes the same way.
 */
import * as path from 'node:path';
import { initBackend, type BackendInfo } from '../backend/select.js';
import { loadDataset, isBuiltinDatasetName, type ImageDataset } from '../data/index.js';
import { loadAutoencoder, type LoadedAutoencoder } from '../io/model-io.js';
import { exists } from '../io/atomic.js';
import { RUN_FILES } from '../training/run-layout.js';
import { UsageError } from './errors.js';
import type { DataOptions, EngineOptions } from './options.js';

export function startEngine(options: EngineOptions): Promise<BackendInfo> {
  return initBackend({ backend: options.backend, ...(options.threads ? { threads: options.threads } : {}) });
}

/** Share of a user dataset held out as its 'test' split (builtin datasets have their own). */
export const USER_TEST_FRACTION = 0.1;

/**
 * A split of a builtin dataset, or of a user's data: user data has no split of its own, so its
 * last 10% serves as 'test' and the rest as 'train'.
 */
export async function loadSplit(options: DataOptions, split: 'train' | 'test'): Promise<ImageDataset> {
  const load = { download: options.download, ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(options.imageSize ? { imageSize: options.imageSize } : {}) };
  if (isBuiltinDatasetName(options.dataset)) {
    return loadDataset(options.dataset, split, { ...load, ...(options.limit ? { limit: options.limit } : {}) });
  }
  const all = await loadDataset(options.dataset, split, load);
  const testCount = Math.max(1, Math.floor(all.count * USER_TEST_FRACTION));
  if (all.count < 2) throw new UsageError(`dataset ${options.dataset}: needs at least 2 samples to hold some out for testing, found ${all.count}`);
  const perImage = all.images.length / all.count;
  const [from, to] = split === 'train' ? [0, all.count - testCount] : [all.count - testCount, all.count];
  const count = Math.min(to - from, options.limit ?? Infinity);
  return {
    ...all,
    split,
    count,
    images: all.images.subarray(from * perImage, (from + count) * perImage),
    ...(all.labels ? { labels: all.labels.subarray(from, from + count) } : {}),
  };
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
