/**
 * What an exported file says about itself (ONNX metadata_props, Keras metadata.json), so a job
 * scoring with it elsewhere needs nothing but the file: how to read a CSV into rows (the `csv_*`
 * keys), how to scale and shape the input, how aekit scores a sample, and the anomaly threshold
 * when one was given.
 */
import { MISSING_POLICIES, type ColumnRef, type CsvReadOptions, type MissingPolicy } from '../../data/csv.js';
import type { Autoencoder } from '../../models/autoencoder.js';
import { VERSION } from '../../util/version.js';
import type { ExportPart } from './parts.js';

export interface ExportMetadata {
  aekit_version: string;
  model_name: string;
  /** JSON of the model spec aekit rebuilds the model from. */
  model_spec: string;
  part: ExportPart;
  /** JSON: the shape of one sample, without the batch dimension. */
  input_shape: string;
  input_layout: string;
  input_scaling: string;
  /** With a fitted feature scaling (aekit train --scale): its kind and, as JSON lists, x' = (x - offset) / scale per feature. */
  scaling_kind?: string;
  scaling_offset?: string;
  scaling_scale?: string;
  /** The per-sample anomaly score aekit computes from input x and reconstruction r. */
  anomaly_score: string;
  /** That score's name: 'mse' or 'bce' (the model's reconstruction loss, per value, averaged over the sample). */
  reconstruction_loss: string;
  /** Anomaly threshold on that score (a sample is an anomaly when its score is above it), if given. */
  threshold?: string;
  dataset?: string;
  /**
   * How the run read its training CSV, so new rows are read alike (`aekit score --onnx` uses them
   * as its defaults). Header: 'true' / 'false' (absent: detected, a header when no cell of the
   * first row is a number). Columns are JSON: a name ("label") or a 0-based index (3).
   */
  csv_header?: string;
  /** JSON: the column holding labels, left out of the features. */
  csv_label_column?: string;
  /** JSON list: the feature columns in input order (absent: every column but the label column). */
  csv_columns?: string;
  /** 'error' | 'drop' | 'mean': what an empty or NA cell does (absent: 'error'). */
  csv_missing?: string;
  /** JSON list, one per feature: the training file's column means that fill a missing cell. */
  csv_fill_means?: string;
  /**
   * JSON list: the training file's feature column names (its header), in input order. A new CSV
   * with a header is read by these names, whatever its column order (a missing one is an error);
   * one without a header by position, with as many feature columns.
   */
  csv_feature_names?: string;
}

export interface MetadataInput {
  threshold?: number;
  dataset?: string;
  /** How the run read its training CSV (its config's `csv`, with the training means). */
  csv?: CsvReadOptions;
}

export function exportMetadata(autoencoder: Autoencoder, part: ExportPart, input: MetadataInput = {}): ExportMetadata {
  const shape = autoencoder.inputShape;
  const scaling = autoencoder.spec.inputScaling;
  const score = autoencoder.spec.loss === 'bce'
    ? 'mean over the sample\'s values of -(x * log(r) + (1 - x) * log(1 - r)), r clipped to [1e-7, 1 - 1e-7]'
    : 'mean over the sample\'s values of (x - r)^2';
  return {
    aekit_version: VERSION,
    model_name: autoencoder.name,
    model_spec: JSON.stringify(autoencoder.spec),
    part,
    input_shape: JSON.stringify(shape),
    input_layout: shape.length === 3 ? 'NHWC: [batch, height, width, channels], float32' : `[batch, ${shape[0]}], float32 (images flattened row by row)`,
    input_scaling: scaling
      ? `feature scaling '${scaling.kind}' fitted on the training data: give the model x' = (x - scaling_offset) / scaling_scale per feature; its reconstructions and scores are in those scaled units`
      : 'values as aekit loads them: 8-bit pixels divided by 255 into [0, 1], other arrays as they are',
    ...(scaling ? { scaling_kind: scaling.kind, scaling_offset: JSON.stringify(scaling.offset), scaling_scale: JSON.stringify(scaling.scale) } : {}),
    anomaly_score: score,
    reconstruction_loss: autoencoder.spec.loss,
    ...(input.threshold !== undefined ? { threshold: String(input.threshold) } : {}),
    ...(input.dataset !== undefined ? { dataset: input.dataset } : {}),
    ...(input.csv ? csvMetadata(input.csv) : {}),
  };
}

type CsvMetadata = Pick<ExportMetadata, 'csv_header' | 'csv_label_column' | 'csv_columns' | 'csv_missing' | 'csv_fill_means' | 'csv_feature_names'>;

function csvMetadata(csv: CsvReadOptions): CsvMetadata {
  return {
    ...(typeof csv.header === 'boolean' ? { csv_header: String(csv.header) } : {}),
    ...(csv.labelColumn !== undefined ? { csv_label_column: JSON.stringify(csv.labelColumn) } : {}),
    ...(csv.columns ? { csv_columns: JSON.stringify(csv.columns) } : {}),
    ...(csv.missing ? { csv_missing: csv.missing } : {}),
    ...(csv.fillMeans ? { csv_fill_means: JSON.stringify(csv.fillMeans) } : {}),
    ...(csv.featureNames ? { csv_feature_names: JSON.stringify(csv.featureNames) } : {}),
  };
}

function parseJson(metadata: Record<string, string>, key: string, expected: string, what: string, valid: (value: unknown) => boolean): unknown {
  let value: unknown;
  try {
    value = JSON.parse(metadata[key]!);
  } catch {
    value = undefined;
  }
  if (!valid(value)) throw new Error(`${what}: metadata '${key}' must be ${expected}, found ${JSON.stringify(metadata[key])}`);
  return value;
}

const isColumnRef = (value: unknown): value is ColumnRef => typeof value === 'string' || (Number.isInteger(value) && (value as number) >= 0);

/** The CSV reading an export's metadata describes (the `csv_*` keys), if any; `what` names the file in errors. */
export function csvReadingOf(metadata: Record<string, string>, what: string): CsvReadOptions | undefined {
  const has = (key: keyof CsvMetadata) => metadata[key] !== undefined;
  const header = metadata['csv_header'];
  if (header !== undefined && header !== 'true' && header !== 'false') throw new Error(`${what}: metadata 'csv_header' must be 'true' or 'false', found ${JSON.stringify(header)}`);
  const missing = metadata['csv_missing'];
  if (missing !== undefined && !(MISSING_POLICIES as readonly string[]).includes(missing)) {
    throw new Error(`${what}: metadata 'csv_missing' must be one of ${MISSING_POLICIES.map((p) => `'${p}'`).join(', ')}, found ${JSON.stringify(missing)}`);
  }
  const csv: CsvReadOptions = {
    ...(header !== undefined ? { header: header === 'true' } : {}),
    ...(has('csv_label_column') ? { labelColumn: parseJson(metadata, 'csv_label_column', 'a JSON column name or 0-based index', what, isColumnRef) as ColumnRef } : {}),
    ...(has('csv_columns') ? { columns: parseJson(metadata, 'csv_columns', 'a JSON list of column names or 0-based indices', what, (v) => Array.isArray(v) && v.length > 0 && v.every(isColumnRef)) as ColumnRef[] } : {}),
    ...(missing !== undefined ? { missing: missing as MissingPolicy } : {}),
    ...(has('csv_fill_means') ? { fillMeans: parseJson(metadata, 'csv_fill_means', 'a JSON list of numbers', what, (v) => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x))) as number[] } : {}),
    ...(has('csv_feature_names') ? { featureNames: parseJson(metadata, 'csv_feature_names', 'a JSON list of column names', what, (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) as string[] } : {}),
  };
  return Object.keys(csv).length > 0 ? csv : undefined;
}

/** As string pairs (ONNX metadata_props). */
export function metadataEntries(metadata: ExportMetadata): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined)) as Record<string, string>;
}
