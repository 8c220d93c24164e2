/**
 * A dataset already in memory as the same stream of batches the IDX reader yields, so one
 * streaming pass (streamReconstruct, streamReconstructionErrors...) serves loaded and streamed data.
 */
import type { ImageBatch } from './idx-stream.js';
import type { ImageDataset } from './types.js';

export async function* datasetBatches(dataset: ImageDataset, batchSize: number, limit = dataset.count): AsyncGenerator<ImageBatch> {
  const total = Math.min(limit, dataset.count);
  const size = dataset.shape[0] * dataset.shape[1] * dataset.shape[2];
  for (let start = 0; start < total; start += batchSize) {
    const count = Math.min(batchSize, total - start);
    yield {
      images: dataset.images.subarray(start * size, (start + count) * size),
      ...(dataset.labels ? { labels: dataset.labels.subarray(start, start + count) } : {}),
      start,
      count,
      total,
      shape: dataset.shape,
    };
  }
}
