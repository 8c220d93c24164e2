/**
 * What most commands do first: start the compute engine and find a saved model (dataset splits:
 * `loadSplit` in src/data/splits.ts). Shared so every command reports missing files the same way.
 */
import * as path from 'node:path';
import type { Command } from 'commander';
import { initBackend, type BackendInfo } from '../backend/select.js';
import { loadAutoencoder, type LoadedAutoencoder } from '../io/model-io.js';
import { exists } from '../util/atomic.js';
import { RUN_FILES } from '../training/run-layout.js';
import { readRunConfig, type RunConfig } from '../training/run.js';
import { UsageError } from './errors.js';
import type { DataOptions, EngineOptions } from './options.js';

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

/** The config of the run a --model path belongs to: the run folder itself, or its best/ or last/. */
export async function runConfigOf(modelPath: string): Promise<RunConfig | undefined> {
  const resolved = path.resolve(modelPath);
  const inside = [RUN_FILES.best, RUN_FILES.last].includes(path.basename(resolved) as 'best' | 'last');
  for (const dir of inside ? [resolved, path.dirname(resolved)] : [resolved]) {
    if (await exists(path.join(dir, RUN_FILES.config))) return readRunConfig(dir);
  }
  return undefined;
}

/**
 * Data read the way the model's run read it: the dataset, its folder, image size and CSV options
 * come from the run's config.json unless given on the command line (a CSV trained on with
 * --label-column y is scored with --label-column y too).
 */
export async function withRunDataDefaults<T extends DataOptions>(command: Command, flags: T): Promise<{ flags: T; run?: RunConfig }> {
  const modelPath = (flags as T & { model?: string }).model;
  const run = modelPath ? await runConfigOf(modelPath) : undefined;
  if (!run) return { flags };
  const given = (name: string) => command.getOptionValueSource(name) === 'cli';
  const csvGiven = ['header', 'labelColumn', 'columns', 'missing'].some(given);
  return {
    run,
    flags: {
      ...flags,
      ...(!given('dataset') ? { dataset: run.dataset } : {}),
      ...(!given('dataDir') && run.dataDir ? { dataDir: run.dataDir } : {}),
      ...(!given('imageSize') && run.imageSize ? { imageSize: run.imageSize } : {}),
      ...(!csvGiven && run.csv ? { csv: run.csv } : {}),
    },
  };
}
