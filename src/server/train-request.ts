/**
 * Validation of a "train" request from the browser. Every field is checked against an
 * allow-list or a numeric range, so what reaches the child process's argument list is always
 * one of a few known names or a plain number.
 */
import { listModels } from '../models/registry.js';
import { BUILTIN_DATASET_NAMES } from '../data/index.js';
import { HttpError } from './http-util.js';

export interface TrainRequest {
  model: string;
  dataset: string;
  epochs: number;
  batchSize: number;
  learningRate: number;
  limit: number;
  seed: number;
}

interface NumberRule {
  min: number;
  max: number;
  integer: boolean;
  fallback: number;
}

export const TRAIN_LIMITS: Record<'epochs' | 'batchSize' | 'learningRate' | 'limit' | 'seed', NumberRule> = {
  epochs: { min: 1, max: 1000, integer: true, fallback: 10 },
  batchSize: { min: 1, max: 4096, integer: true, fallback: 128 },
  learningRate: { min: 1e-6, max: 1, integer: false, fallback: 1e-3 },
  limit: { min: 1, max: 60000, integer: true, fallback: 60000 },
  seed: { min: 0, max: 2 ** 31 - 1, integer: true, fallback: 1 },
};

/** Models the browser may train: the registry's names. */
export function trainableModels(): string[] {
  return listModels().map((m) => m.name);
}

/** Datasets the browser may train on: builtin names only, never a path. */
export function trainableDatasets(): string[] {
  return [...BUILTIN_DATASET_NAMES];
}

function pickName(body: Record<string, unknown>, field: string, allowed: string[]): string {
  const value = body[field];
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw new HttpError(400, `${field}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value;
}

function pickNumber(body: Record<string, unknown>, field: keyof typeof TRAIN_LIMITS): number {
  const rule = TRAIN_LIMITS[field];
  const value = body[field] ?? rule.fallback;
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= rule.min && value <= rule.max && (!rule.integer || Number.isInteger(value));
  if (!ok) {
    throw new HttpError(400, `${field}: expected ${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}, got ${JSON.stringify(value)?.slice(0, 80)}`);
  }
  return value as number;
}

export function parseTrainRequest(body: unknown): TrainRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'train request: expected a JSON object');
  const record = body as Record<string, unknown>;
  const known = new Set(['model', 'dataset', ...Object.keys(TRAIN_LIMITS)]);
  const unknown = Object.keys(record).filter((key) => !known.has(key));
  if (unknown.length) throw new HttpError(400, `train request: unknown field(s) ${unknown.join(', ')} (allowed: ${[...known].join(', ')})`);
  return {
    model: pickName(record, 'model', trainableModels()),
    dataset: pickName(record, 'dataset', trainableDatasets()),
    epochs: pickNumber(record, 'epochs'),
    batchSize: pickNumber(record, 'batchSize'),
    learningRate: pickNumber(record, 'learningRate'),
    limit: pickNumber(record, 'limit'),
    seed: pickNumber(record, 'seed'),
  };
}

/** The `aekit train` argument list for a validated request (spawned without a shell). */
export function trainArgs(cliPath: string, runsDir: string, request: TrainRequest, runId: string): string[] {
  return [
    cliPath,
    'train',
    '--model', request.model,
    '--dataset', request.dataset,
    '--epochs', String(request.epochs),
    '--batch-size', String(request.batchSize),
    '--lr', String(request.learningRate),
    '--limit', String(request.limit),
    '--runs-dir', runsDir,
    '--name', runId,
    '--seed', String(request.seed),
  ];
}

/** A fresh run id: model, dataset and a UTC timestamp, e.g. dense-mnist-20260122-133405-1. */
export function newRunId(request: TrainRequest, now: Date, taken: (id: string) => boolean): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const base = `${request.model}-${request.dataset}-${stamp}`;
  for (let n = 1; ; n++) {
    const id = `${base}-${n}`;
    if (!taken(id)) return id;
  }
}
