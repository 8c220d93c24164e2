/**
 * Anomaly scores from an exported ONNX autoencoder, outside aekit's engines: rows stream from a
 * .npy or CSV a batch at a time through onnxruntime-node, and each row's score (the model's
 * reconstruction loss averaged over the row, as `aekit detect` computes it) is handed on per
 * batch, so memory holds one batch however many rows. Everything the scoring needs (input shape,
 * loss, threshold, and how the run read its CSV) is read from the file's own metadata; CSV options
 * given to `scoreWithOnnx` override the metadata's one by one, as the CLI's flags do a run's.
 *
 * onnxruntime-node is not installed with aekit (it is large and only scoring needs it): it is
 * loaded on first use, with a clear message when missing.
 */
import { promises as fs } from 'node:fs';
import { perSampleErrors, type ErrorKind } from '../evaluation/per-sample.js';
import { onnxMetadata } from '../io/onnx/read-metadata.js';
import { csvReadingOf } from '../io/export/metadata.js';
import { csvOptionsFor, type CsvReadOptions } from '../data/csv.js';
import { streamRows } from '../data/row-stream.js';
import { applyScaling, type FittedScaling } from '../data/scaling.js';

type OnnxRuntime = typeof import('onnxruntime-node');

async function loadOnnxRuntime(): Promise<OnnxRuntime> {
  try {
    return await import('onnxruntime-node');
  } catch {
    throw new Error('scoring with ONNX needs the onnxruntime-node package, which aekit does not install by itself: run npm install onnxruntime-node');
  }
}

export interface OnnxScoreSpec {
  inputShape: number[];
  /** The feature scaling the model was trained behind, applied to every row before scoring. */
  scaling?: FittedScaling;
  measure: ErrorKind;
  threshold?: number;
  modelName: string;
  /** How the model's run read its training CSV (header, label column, feature columns, missing values, training means). */
  csv?: CsvReadOptions;
}

/** What an aekit ONNX autoencoder export says about scoring with it. */
export function scoreSpecOf(metadata: Record<string, string>, what: string): OnnxScoreSpec {
  if (metadata['part'] !== undefined && metadata['part'] !== 'autoencoder') {
    throw new Error(`${what}: holds the model's ${metadata['part']}; scoring needs the whole autoencoder (aekit export --part autoencoder)`);
  }
  let inputShape: unknown;
  try {
    inputShape = JSON.parse(metadata['input_shape'] ?? 'null');
  } catch {
    inputShape = null;
  }
  if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`${what}: metadata 'input_shape' must be a JSON list of sizes (an aekit export), found ${JSON.stringify(metadata['input_shape'])}`);
  }
  const measure = metadata['reconstruction_loss'];
  if (measure !== 'mse' && measure !== 'bce') throw new Error(`${what}: metadata 'reconstruction_loss' must be 'mse' or 'bce' (an aekit export), found ${JSON.stringify(measure)}`);
  const scaling = scalingOf(metadata, what);
  const csv = csvReadingOf(metadata, what);
  const threshold = metadata['threshold'] === undefined ? undefined : Number(metadata['threshold']);
  if (threshold !== undefined && !Number.isFinite(threshold)) throw new Error(`${what}: metadata 'threshold' is not a number: ${JSON.stringify(metadata['threshold'])}`);
  return {
    inputShape: inputShape as number[],
    measure,
    modelName: metadata['model_name'] ?? 'unknown',
    ...(threshold !== undefined ? { threshold } : {}),
    ...(scaling ? { scaling } : {}),
    ...(csv ? { csv } : {}),
  };
}

function numberList(text: string | undefined, key: string, what: string): number[] {
  let value: unknown;
  try {
    value = JSON.parse(text ?? 'null');
  } catch {
    value = null;
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`${what}: metadata '${key}' must be a JSON list of numbers, found ${JSON.stringify(text)}`);
  }
  return value as number[];
}

function scalingOf(metadata: Record<string, string>, what: string): FittedScaling | undefined {
  const kind = metadata['scaling_kind'];
  if (kind === undefined) return undefined;
  if (kind !== 'minmax' && kind !== 'standard') throw new Error(`${what}: metadata 'scaling_kind' must be 'minmax' or 'standard', found ${JSON.stringify(kind)}`);
  return { kind, offset: numberList(metadata['scaling_offset'], 'scaling_offset', what), scale: numberList(metadata['scaling_scale'], 'scaling_scale', what) };
}

export interface ScoreBatch {
  /** One score per row of the batch. */
  scores: Float64Array;
  start: number;
  /** Each row's 0-based index among the file's data rows when rows were left out (missing 'drop'); otherwise start, start + 1, ... */
  indices?: Float64Array;
}

export interface OnnxScoreOptions {
  batchSize?: number;
  /** How a CSV is read, option by option over what the file's metadata says (its run's reading). */
  csv?: CsvReadOptions;
  /** Called once, before the first batch, with what the file's metadata says. */
  onSpec?: (spec: OnnxScoreSpec) => void;
  /** Receives each batch's scores as they come (`start` is the batch's first row). */
  onBatch: (batch: ScoreBatch) => void | Promise<void>;
}

export interface OnnxScoreSummary extends OnnxScoreSpec {
  rows: number;
}

/** Anomaly scores of every row of a .npy or CSV file through an ONNX autoencoder written by `exportModel`, one batch in memory at a time. */
export async function scoreWithOnnx(modelFile: string, dataFile: string, options: OnnxScoreOptions): Promise<OnnxScoreSummary> {
  const ort = await loadOnnxRuntime();
  const bytes = await fs.readFile(modelFile);
  const spec = scoreSpecOf(onnxMetadata(bytes, modelFile), modelFile);
  options.onSpec?.(spec);
  const csv = dataFile.toLowerCase().endsWith('.csv') ? csvOptionsFor(options.csv, spec.csv) : undefined;
  if (csv?.missing === 'mean' && !csv.fillMeans) {
    throw new Error(
      `${modelFile}: no training means to fill missing cells with (metadata 'csv_fill_means': its run was not trained with --missing mean), so --missing mean cannot be used; use --missing drop, or export a run trained with --missing mean`,
    );
  }
  const session = await ort.InferenceSession.create(bytes);
  const inputSize = spec.inputShape.reduce((a, b) => a * b, 1);
  let rows = 0;
  try {
    for await (const batch of streamRows(dataFile, options.batchSize ?? 256, csv)) {
      const rowSize = batch.rowShape.reduce((a, b) => a * b, 1);
      if (rowSize !== inputSize) {
        throw new Error(`${dataFile}: rows of shape [${batch.rowShape.join(', ')}] (${rowSize} values) do not fit ${modelFile}, whose input is [${spec.inputShape.join(', ')}] (${inputSize} values)`);
      }
      // Scored in the model's own units, as aekit detect scores a model trained behind a scaling.
      const values = spec.scaling ? applyScaling(spec.scaling, batch.values, dataFile) : batch.values;
      const input = new ort.Tensor('float32', values, [batch.count, ...spec.inputShape]);
      const outputs = await session.run({ [session.inputNames[0]!]: input });
      const reconstruction = outputs[session.outputNames[0]!]!.data as Float32Array;
      const scores = perSampleErrors(values, reconstruction, batch.count, spec.measure);
      await options.onBatch({ scores, start: batch.start, ...(batch.indices ? { indices: batch.indices } : {}) });
      rows += batch.count;
    }
  } finally {
    await session.release();
  }
  return { ...spec, rows };
}
