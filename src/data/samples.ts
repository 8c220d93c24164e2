/**
 * Samples as the trainer sees them: one flat Float32Array of `count` samples of `sampleShape`.
 * Batches are copied out of it by index, so a shuffled epoch never materialises a shuffled copy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { pooledFloatArray } from '../backend/pooled-array.js';

export interface SampleSet {
  data: Float32Array;
  count: number;
  sampleShape: number[];
  labels?: Int32Array;
}

export function sampleSize(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Views image data as samples of a model's input shape (e.g. 28x28x1 images as 784-vectors). */
export function asSamples(data: Float32Array, count: number, sampleShape: number[], labels?: Int32Array, what = 'data'): SampleSet {
  const size = sampleSize(sampleShape);
  if (count <= 0) throw new Error(`${what}: the dataset is empty`);
  if (data.length !== count * size) {
    throw new Error(`${what}: ${count} samples of shape [${sampleShape.join(', ')}] need ${count * size} values, found ${data.length} (each sample has ${data.length / count} values)`);
  }
  return labels ? { data, count, sampleShape, labels } : { data, count, sampleShape };
}

/** Samples [start, end) of an index order as one batch tensor. */
export function gatherBatch(set: SampleSet, order: Int32Array | null, start: number, end: number): tf.Tensor {
  const size = sampleSize(set.sampleShape);
  const n = end - start;
  if (!order) return tf.tensor(set.data.subarray(start * size, end * size), [n, ...set.sampleShape]);
  const batch = pooledFloatArray(n * size);
  for (let i = 0; i < n; i++) {
    const src = order[start + i]! * size;
    batch.set(set.data.subarray(src, src + size), i * size);
  }
  return tf.tensor(batch, [n, ...set.sampleShape]);
}

/** The first `count` samples and the rest: Keras's validation_split takes the tail. */
export function splitTail(set: SampleSet, fraction: number): { train: SampleSet; validation: SampleSet } {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`validation split must be between 0 and 1 (exclusive), got ${fraction}`);
  const keep = Math.floor(set.count * (1 - fraction));
  if (keep < 1 || keep >= set.count) throw new Error(`validation split ${fraction} of ${set.count} samples leaves an empty part`);
  const size = sampleSize(set.sampleShape);
  const slice = (from: number, to: number): SampleSet => ({
    data: set.data.subarray(from * size, to * size),
    count: to - from,
    sampleShape: set.sampleShape,
    ...(set.labels ? { labels: set.labels.subarray(from, to) } : {}),
  });
  return { train: slice(0, keep), validation: slice(keep, set.count) };
}

/** Runs `fn` over the set in batches, in order, and returns the per-batch results. */
export async function mapBatches<T>(set: SampleSet, batchSize: number, fn: (batch: tf.Tensor, start: number) => T | Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < set.count; start += batchSize) {
    const batch = gatherBatch(set, null, start, Math.min(set.count, start + batchSize));
    try {
      out.push(await fn(batch, start));
    } finally {
      batch.dispose();
    }
  }
  return out;
}

/** A class by label number or by name (a CSV's text labels, Fashion-MNIST's 'Trouser', ...). */
export type ClassRef = number | string;

/** The label number of a class reference; a name is looked up in the dataset's class names, naming them when it matches none. */
export function resolveClass(ref: ClassRef, dataset: { name: string; classNames?: string[] }, option = 'normal class'): number {
  if (typeof ref === 'number') return ref;
  const names = dataset.classNames;
  const index = names?.indexOf(ref) ?? -1;
  if (index >= 0) return index;
  if (/^\d+$/.test(ref.trim())) return Number(ref);
  if (!names) throw new Error(`${option} '${ref}': ${dataset.name} has numbered labels, not class names; give the label number`);
  throw new Error(`${option} '${ref}': ${dataset.name} has no class of that name; its classes are ${names.map((n) => `'${n}'`).join(', ')} (or label numbers 0-${names.length - 1})`);
}

/** Keep only samples of one class (one-class training: the normal class). */
export function onlyClass(set: SampleSet, label: number): SampleSet {
  if (!set.labels) throw new Error(`normal class ${label}: the dataset has no labels to select it by`);
  const size = set.data.length / set.count;
  const picked: number[] = [];
  for (let i = 0; i < set.count; i++) if (set.labels[i] === label) picked.push(i);
  if (picked.length === 0) throw new Error(`normal class ${label}: no samples have this label`);
  const data = new Float32Array(picked.length * size);
  picked.forEach((src, k) => data.set(set.data.subarray(src * size, (src + 1) * size), k * size));
  return { data, count: picked.length, sampleShape: set.sampleShape, labels: Int32Array.from(picked, () => label) };
}

/** Why a dataset does not fit a model, worded for tables (rows of values, shape [1, n, 1]) or for images. */
function shapeMismatch(dataset: { shape: number[]; name: string }, sampleValues: number, inputShape: number[]): string {
  const modelValues = sampleSize(inputShape);
  const takes = inputShape.length === 1 ? `${modelValues}` : `${modelValues} values per sample (input shape [${inputShape.join(', ')}])`;
  const [height, width, channels] = dataset.shape;
  if (height === 1 && channels === 1 && dataset.shape.length === 3) {
    if (dataset.name.toLowerCase().endsWith('.csv')) {
      return `${dataset.name} has ${width} feature column${width === 1 ? '' : 's'}, the model takes ${takes} (read it with the columns the model was trained on: --columns, --label-column)`;
    }
    return `${dataset.name} has rows of ${width} values, the model takes ${takes}`;
  }
  return `dataset '${dataset.name}': images of shape [${dataset.shape.join(', ')}] (${sampleValues} values) do not fit a model input of shape [${inputShape.join(', ')}] (${modelValues} values)`;
}

/** Image dataset -> samples of a model's input shape (same values, e.g. 28x28x1 viewed as 784). */
export function datasetSamples(dataset: { images: Float32Array; count: number; shape: number[]; labels?: Int32Array; name: string }, inputShape: number[]): SampleSet {
  const imageSize = sampleSize(dataset.shape);
  if (imageSize !== sampleSize(inputShape)) throw new Error(shapeMismatch(dataset, imageSize, inputShape));
  return asSamples(dataset.images, dataset.count, inputShape, dataset.labels, `dataset '${dataset.name}'`);
}

/** Runs `fn` on every sample of the set in batches and returns the outputs as a new sample set. */
export async function mapSamples(set: SampleSet, fn: (batch: tf.Tensor) => tf.Tensor, batchSize = 256): Promise<SampleSet> {
  const parts = await mapBatches(set, batchSize, (batch) => {
    const out = tf.tidy(() => fn(batch));
    const values = out.dataSync() as Float32Array;
    const shape = out.shape.slice(1);
    out.dispose();
    return { values, shape };
  });
  const shape = parts[0]!.shape;
  const data = new Float32Array(set.count * sampleSize(shape));
  let offset = 0;
  for (const part of parts) {
    data.set(part.values, offset);
    offset += part.values.length;
  }
  return { data, count: set.count, sampleShape: shape };
}
