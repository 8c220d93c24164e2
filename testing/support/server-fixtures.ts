/**
 * Test-only: run folders made with the library (a seeded model saved as best/, hand-written
 * config, status and metrics), laid out as `aekit train` lays them out.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { buildModel } from '../../src/models/registry.js';
import { saveAutoencoder } from '../../src/io/model-io.js';
import { writeFileAtomic } from '../../src/util/atomic.js';
import { runFile, type RunStatus } from '../../src/training/run-layout.js';
import type { Autoencoder } from '../../src/models/autoencoder.js';
import type { MetricsHistory } from '../../src/server/runs.js';

export interface FixtureRun {
  runDir: string;
  model: Autoencoder;
  metrics: MetricsHistory;
}

export interface FixtureOptions {
  /** Registered model name (default 'dense'). */
  model?: string;
  /** Code size of the dense model. */
  codeSize?: number;
  seed?: number;
  epochs?: number;
}

export async function makeFixtureRun(runsDir: string, id: string, options: FixtureOptions = {}): Promise<FixtureRun> {
  const runDir = path.join(runsDir, id);
  const seed = options.seed ?? 1;
  const epochs = options.epochs ?? 3;
  const name = options.model ?? 'dense';
  const model = buildModel(name, { seed, ...(options.codeSize ? { options: { codeSize: options.codeSize } } : {}) });
  await saveAutoencoder(model, path.join(runDir, 'best'));
  const config = { model: name, modelSpec: model.spec, dataset: 'mnist', epochs, batchSize: 64, learningRate: 0.001, seed, backend: 'cpu', createdAt: '2026-01-02T03:04:05.000Z' };
  const metrics: MetricsHistory = {
    epoch: Array.from({ length: epochs }, (_, i) => i),
    metrics: {
      loss: Array.from({ length: epochs }, (_, i) => 0.2 / (i + 1)),
      val_loss: Array.from({ length: epochs }, (_, i) => 0.25 / (i + 1)),
      lr: Array.from({ length: epochs }, () => 0.001),
    },
  };
  const status: RunStatus = { state: 'completed', epochsDone: epochs, epochs, updatedAt: config.createdAt, pid: 1 };
  await fs.mkdir(runDir, { recursive: true });
  await writeFileAtomic(runFile(runDir, 'config'), JSON.stringify(config, null, 2));
  await writeFileAtomic(runFile(runDir, 'status'), JSON.stringify(status, null, 2));
  await writeFileAtomic(runFile(runDir, 'metrics'), JSON.stringify(metrics, null, 2));
  return { runDir, model, metrics };
}
