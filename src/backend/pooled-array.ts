/**
 * Arrays for tensors built in JavaScript (a training batch gathered each step). The native
 * engine recycles the arrays of disposed tensors; taking the batch's array from that pool
 * instead of `new Float32Array` saves fresh zeroed memory (page faults, and garbage for the GC)
 * on every step. Other backends copy or keep what they are given, so they get a new array.
 */
import * as tf from '@tensorflow/tfjs-core';

interface PoolingBackend {
  allocate(n: number): Float32Array;
}

function isPooling(backend: unknown): backend is PoolingBackend {
  return typeof (backend as Partial<PoolingBackend>).allocate === 'function';
}

/** n float32 values, contents unspecified: the caller writes every element before use. */
export function pooledFloatArray(n: number): Float32Array {
  const backend = tf.backend();
  return isPooling(backend) ? backend.allocate(n) : new Float32Array(n);
}
