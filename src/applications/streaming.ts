/**
 * Encode, reconstruct and score datasets larger than memory: the images arrive in batches
 * (e.g. from `streamIdxImages`), each batch runs through the model inside tf.tidy and leaves
 * only its results behind, so memory stays at one batch however long the stream is.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ImageBatch } from '../data/idx-stream.js';
import { NpyStreamWriter } from '../data/npy.js';
import { perSampleErrors, type ErrorKind } from '../evaluation/per-sample.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { sampleSize } from '../data/samples.js';

/** Batches of images in stream order; the batch size is chosen where the stream is opened. */
export type ImageSource = AsyncIterable<ImageBatch>;

/** Called after each batch, e.g. to drive a progress bar. */
export type ProgressCallback = (done: number, total: number) => void;

export interface CodeBatch {
  /** count x code size values, in stream order. */
  codes: Float32Array;
  /** Shape of one code. */
  codeShape: number[];
  labels?: Int32Array;
  start: number;
  count: number;
  total: number;
}

/** Runs `compute` on each batch as model input and hands its values on; returns the images seen. */
async function forEachOutput(
  model: Autoencoder,
  source: ImageSource,
  compute: (input: tf.Tensor) => tf.Tensor,
  handle: (values: Float32Array, batch: ImageBatch) => void | Promise<void>,
): Promise<number> {
  const inputSize = sampleSize(model.inputShape);
  let seen = 0;
  for await (const batch of source) {
    if (batch.images.length !== batch.count * inputSize) {
      throw new Error(
        `images of shape [${batch.shape.join(', ')}] (${batch.images.length / batch.count} values each) do not fit ` +
          `model '${model.name}', whose input is [${model.inputShape.join(', ')}] (${inputSize} values)`,
      );
    }
    const output = tf.tidy(() => compute(tf.tensor(batch.images, [batch.count, ...model.inputShape])));
    let values: Float32Array;
    try {
      values = (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
    await handle(values, batch);
    seen += batch.count;
  }
  return seen;
}

/** Codes of every image, handed to `onBatch` one batch at a time; returns the number encoded. */
export function streamEncode(model: Autoencoder, source: ImageSource, options: { onBatch: (batch: CodeBatch) => void | Promise<void> }): Promise<number> {
  const codeShape = model.codeShape;
  return forEachOutput(
    model,
    source,
    (x) => model.encodeBatch(x, false),
    (codes, { labels, start, count, total }) => options.onBatch({ codes, codeShape, ...(labels ? { labels } : {}), start, count, total }),
  );
}

export interface ErrorStreamOptions {
  /** 'mse' (default, mean squared error per pixel), 'sse' or 'bce'; as `perSampleErrors`. */
  measure?: ErrorKind;
  onProgress?: ProgressCallback;
}

/** One reconstruction error per image (4 bytes each is all that is kept), in stream order. */
export async function streamReconstructionErrors(model: Autoencoder, source: ImageSource, options: ErrorStreamOptions = {}): Promise<Float32Array> {
  const measure = options.measure ?? 'mse';
  let errors: Float32Array | undefined;
  await forEachOutput(
    model,
    source,
    (x) => model.reconstructBatch(x, false),
    (reconstruction, batch) => {
      errors ??= new Float32Array(batch.total);
      errors.set(perSampleErrors(batch.images, reconstruction, batch.count, measure), batch.start);
      options.onProgress?.(batch.start + batch.count, batch.total);
    },
  );
  return errors ?? new Float32Array(0);
}

export interface ReconstructionFile {
  file: string;
  /** [count, height, width, channels]: the images' own shape, whatever the model's input shape. */
  shape: number[];
}

/**
 * Reconstructions of every image written to a float32 .npy as they are computed. The header
 * comes first with the stream's known count; the file appears only once complete.
 */
export async function streamReconstruct(
  model: Autoencoder,
  source: ImageSource,
  outFile: string,
  options: { onProgress?: ProgressCallback } = {},
): Promise<ReconstructionFile> {
  let writer: NpyStreamWriter | undefined;
  try {
    await forEachOutput(
      model,
      source,
      (x) => model.reconstructBatch(x, false),
      async (reconstruction, batch) => {
        writer ??= await NpyStreamWriter.create(outFile, [batch.total, ...batch.shape]);
        await writer.append(reconstruction);
        options.onProgress?.(batch.start + batch.count, batch.total);
      },
    );
  } catch (error) {
    await writer?.abort();
    throw error;
  }
  if (!writer) throw new Error(`${outFile}: not written, the image stream held no images`);
  await writer.finish();
  return { file: outFile, shape: writer.shape };
}
