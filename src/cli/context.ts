/**
 * What most commands do first: start the compute engine and resolve --model, either to a model
 * name of the registry (a new model) or to a saved model (dataset splits: `loadSplit` in
 * src/data/splits.ts). Shared so every command reports a wrong --model the same way.
 */
import * as path from 'node:path';
import type { Command } from 'commander';
import { initBackend, type BackendInfo } from '../backend/select.js';
import { loadAutoencoder, type LoadedAutoencoder } from '../io/model-io.js';
import { listModels } from '../models/registry.js';
import { exists } from '../util/atomic.js';
import { RUN_FILES } from '../training/run-layout.js';
import { readRunConfig, type RunConfig } from '../training/run.js';
import { UsageError } from './errors.js';
import type { DataOptions, EngineOptions } from './options.js';
import { csvOptionsFor } from '../data/csv.js';

export function startEngine(options: EngineOptions): Promise<BackendInfo> {
  return initBackend({ backend: options.backend, ...(options.threads ? { threads: options.threads } : {}) });
}

function modelNames(): string[] {
  return listModels().map((entry) => entry.name);
}

export function isModelName(value: string): boolean {
  return modelNames().includes(value);
}

/** The folder holding aekit.json for a saved model or run folder (its best model, else its last), if any. */
async function savedModelDir(modelPath: string): Promise<string | undefined> {
  const candidates = [modelPath, path.join(modelPath, RUN_FILES.best), path.join(modelPath, RUN_FILES.last)];
  for (const dir of candidates) {
    if ((await exists(path.join(dir, 'aekit.json'))) || (await exists(path.join(`${dir}.previous`, 'aekit.json')))) return dir;
  }
  return undefined;
}

/**
 * A trained model from --model: a model folder (with aekit.json) or a run folder (its best
 * model, else its last). A registry name is refused with the command that would train it.
 */
export async function loadModelArg(modelPath: string): Promise<LoadedAutoencoder> {
  const dir = await savedModelDir(modelPath);
  if (dir) return loadAutoencoder(dir);
  if (!(await exists(modelPath))) {
    if (isModelName(modelPath)) {
      throw new UsageError(
        `option --model: '${modelPath}' names an untrained model, and this command needs a trained one: ` +
          `train it first (aekit train --model ${modelPath} --name my-run) and pass its run folder (--model runs/my-run)`,
      );
    }
    throw new UsageError(`option --model: ${modelPath}: no such saved model or run folder (a model name would be one of ${modelNames().join(', ')})`);
  }
  throw new UsageError(`option --model: ${modelPath}: not a saved aekit model or run folder (expected aekit.json there or in best/ or last/)`);
}

/** A model name for a command that builds a new model (train); a saved model is refused with what to do instead. */
export async function modelNameArg(value: string, savedHint: string): Promise<string> {
  if (isModelName(value)) return value;
  if (await savedModelDir(value)) throw new UsageError(`option --model: ${value} is a saved model; ${savedHint}`);
  throw new UsageError(`option --model: unknown model '${value}': expected one of ${modelNames().join(', ')}`);
}

/** Either kind: a name builds the model, a path loads it (summary). */
export async function isSavedModel(value: string): Promise<boolean> {
  return !isModelName(value) && (await savedModelDir(value)) !== undefined;
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
 * come from the run's config.json unless given on the command line, each CSV flag on its own (a CSV
 * trained on with --label-column y is scored with --label-column y too, whatever --missing says).
 */
export async function withRunDataDefaults<T extends DataOptions>(command: Command, flags: T): Promise<{ flags: T; run?: RunConfig }> {
  const modelPath = (flags as T & { model?: string }).model;
  const run = modelPath ? await runConfigOf(modelPath) : undefined;
  if (!run) return { flags };
  const given = (name: string) => command.getOptionValueSource(name) === 'cli';
  const csv = csvOptionsFor(flags.csv, run.csv);
  return {
    run,
    flags: {
      ...flags,
      ...(!given('dataset') ? { dataset: run.dataset } : {}),
      ...(!given('dataDir') && run.dataDir ? { dataDir: run.dataDir } : {}),
      ...(!given('imageSize') && run.imageSize ? { imageSize: run.imageSize } : {}),
      ...(csv ? { csv } : {}),
    },
  };
}
