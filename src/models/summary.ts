/**
 * A Keras-style model summary: one row per layer with its output shape and parameter count,
 * then total / trainable / non-trainable parameters. Rows are returned as data too, so tests
 * and the dashboard read the same numbers the terminal shows.
 */
import type * as tfl from '@tensorflow/tfjs-layers';

export interface SummaryRow {
  name: string;
  type: string;
  outputShape: string;
  params: number;
}

export interface ModelSummary {
  name: string;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}

function countWeights(weights: tfl.LayerVariable[]): number {
  return weights.reduce((sum, w) => sum + w.shape.reduce((a: number, b) => a * (b ?? 1), 1), 0);
}

function formatShape(shape: unknown): string {
  const one = (s: (number | null)[]) => `(${s.map((d) => (d === null ? 'None' : String(d))).join(', ')})`;
  if (Array.isArray(shape) && Array.isArray(shape[0])) return `[${(shape as (number | null)[][]).map(one).join(', ')}]`;
  return one(shape as (number | null)[]);
}

/** A Keras-style summary of a model: layers, output shapes, parameter counts. */
export function summarize(model: tfl.LayersModel): ModelSummary {
  const rows = model.layers.map((layer) => ({
    name: layer.name,
    type: layer.getClassName(),
    outputShape: formatShape(layer.outputShape),
    params: layer.countParams(),
  }));
  const trainableParams = countWeights(model.trainableWeights);
  const nonTrainableParams = countWeights(model.nonTrainableWeights);
  return { name: model.name, rows, totalParams: trainableParams + nonTrainableParams, trainableParams, nonTrainableParams };
}

const COLUMNS = [33, 27, 12];

function pad(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 1)} ` : text.padEnd(width);
}

/** The summary as the table Keras prints. */
export function formatSummary(summary: ModelSummary): string {
  const width = COLUMNS.reduce((a, b) => a + b, 0);
  const thin = '_'.repeat(width);
  const thick = '='.repeat(width);
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, COLUMNS[i]!)).join('').trimEnd();
  const out = [`Model: "${summary.name}"`, thin, line(['Layer (type)', 'Output Shape', 'Param #']), thick];
  summary.rows.forEach((row, i) => {
    out.push(line([`${row.name} (${row.type})`, row.outputShape, row.params.toLocaleString('en-US')]));
    out.push(i === summary.rows.length - 1 ? thick : thin);
  });
  out.push(`Total params: ${summary.totalParams.toLocaleString('en-US')}`);
  out.push(`Trainable params: ${summary.trainableParams.toLocaleString('en-US')}`);
  out.push(`Non-trainable params: ${summary.nonTrainableParams.toLocaleString('en-US')}`);
  out.push(thin);
  return out.join('\n');
}
