/**
 * A batch's values copied into an array of the caller's. `dataSync` hands out the tensor's own
 * array on the engines that keep plain TypedArrays, so the native engine may never recycle it:
 * each batch then needs fresh memory, a page fault per 4 KiB until V8 frees the old arrays (a
 * 128x784 reconstruction ran ~2x slower per batch for its first ~150 batches in a process).
 * Copying out leaves the array the engine's, to be recycled when the tensor is disposed.
 */
import * as tf from '@tensorflow/tfjs-core';

interface CopyingBackend {
  copyInto(dataId: tf.DataId, dest: Float32Array, offset: number): boolean;
}

function isCopying(backend: unknown): backend is CopyingBackend {
  return typeof (backend as Partial<CopyingBackend>).copyInto === 'function';
}

/** Copies t's values into dest from `offset` (dest must have room for t.size values). */
export function readInto(t: tf.Tensor, dest: Float32Array, offset = 0): void {
  const backend = tf.backend();
  if (isCopying(backend) && backend.copyInto(t.dataId, dest, offset)) return;
  dest.set(t.dataSync() as ArrayLike<number>, offset);
}
