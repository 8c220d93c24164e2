/**
 * `--stream` for the commands that pass over a whole split (encode, detect): the split arrives
 * from its IDX files a batch at a time instead of being loaded whole, so memory stays at one
 * batch plus the per-sample results, however large the split. Streamed batches are scaled as the
 * model's training data was, as `modelSamples` does for the in-memory paths.
 */
import { isBuiltinDatasetName } from '../data/builtin-catalog.js';
import { streamBuiltinSplit } from '../data/idx-stream.js';
import type { BuiltinDatasetName, Split } from '../data/types.js';
import type { ImageSource } from '../applications/streaming.js';
import { applyScaling } from '../data/scaling.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { UsageError } from './errors.js';
import type { DataOptions } from './options.js';

/** The in-memory paths' batch size (encodeAll, anomalyScores), so --stream computes the same numbers. */
export const STREAM_BATCH_SIZE = 256;

export const STREAM_HELP = '--stream reads the builtin datasets (mnist, fashion-mnist) batch by batch from their IDX files instead of loading the split whole';

/** Refuses user data with a clear error; commands call it before any work. */
export function checkStreamable(options: DataOptions): BuiltinDatasetName {
  if (!isBuiltinDatasetName(options.dataset)) {
    throw new UsageError(
      `option --stream: supports the builtin datasets (mnist, fashion-mnist), got --dataset '${options.dataset}'; ` +
        'user data (image folders, .csv, .npy) is loaded whole: drop --stream',
    );
  }
  return options.dataset;
}

/** Batches of the first `limit` samples of a builtin split. */
export function streamSplit(model: Autoencoder, options: DataOptions, split: Split, limit = options.limit): ImageSource {
  return scaledForModel(model, streamBuiltinSplit(checkStreamable(options), split, {
    batchSize: STREAM_BATCH_SIZE,
    download: options.download,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(limit !== undefined && Number.isFinite(limit) ? { limit } : {}),
  }));
}

/** Batches scaled as the model's training data was (unchanged when the model has no scaling). */
export async function* scaledForModel(model: Autoencoder, source: ImageSource): ImageSource {
  const scaling = model.spec.inputScaling;
  for await (const batch of source) yield scaling ? { ...batch, images: applyScaling(scaling, batch.images, 'stream') } : batch;
}

/** Passes the batches on unchanged and keeps their labels (4 bytes a sample) in `into.labels`. */
export async function* keepLabels(source: ImageSource, into: { labels?: Int32Array }): ImageSource {
  for await (const batch of source) {
    if (batch.labels) {
      into.labels ??= new Int32Array(batch.total);
      into.labels.set(batch.labels, batch.start);
    }
    yield batch;
  }
}
