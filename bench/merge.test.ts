import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeEngineReports } from './merge.js';
import type { EngineReport, SpeedResult } from './types.js';

function speed(model: string, train: number): SpeedResult {
  return { model, params: 1, batchSize: 128, batchesTrained: 102, trainSamplesPerSec: [train], inferSamplesPerSec: [train], testMse: 0.05 };
}

function report(engine: string, results: SpeedResult[], error?: string): EngineReport {
  return { engine, threads: 2, detail: `${engine} detail`, ...(error ? { error } : { results }) };
}

test('per-model reports join into one per engine, models in run order; a failed part becomes a row saying why', () => {
  const merged = mergeEngineReports([
    { models: ['dense'], report: report('native', [speed('dense', 10)]) },
    { models: ['dense'], report: report('wasm', [speed('dense', 2)]) },
    { models: ['conv1'], report: report('native', [speed('conv1', 3)]) },
    { models: ['conv1'], report: report('wasm', [], 'worker crashed') },
  ]);
  assert.deepEqual(merged.map((r) => r.engine), ['native', 'wasm']);
  assert.deepEqual(merged[0]!.results!.map((r) => r.model), ['dense', 'conv1']);
  assert.equal(merged[0]!.error, undefined);
  assert.deepEqual(merged[1]!.results, [speed('dense', 2), { model: 'conv1', skipped: 'not measured: worker crashed' }]);
});

test('an engine that failed on every model keeps its error (the table leaves it out and says why)', () => {
  const [torch] = mergeEngineReports([
    { models: ['dense'], report: report('pytorch', [], 'import torch failed') },
    { models: ['conv1'], report: report('pytorch', [], 'import torch failed') },
  ]);
  assert.equal(torch!.error, 'import torch failed');
  assert.equal(torch!.results, undefined);
});
