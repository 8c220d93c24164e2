/**
 * Measures training and inference throughput of a real model on a backend, with a per-kernel
 * time breakdown of the training steps.
 *
 *   node dist/bench/profile/training-step.js <model> [backend=native|wasm-simd|...] [steps=20] [batch=128] [threads]
 *
 * Data are uniform random pixels in [0, 1) (throughput does not depend on the values).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { buildModel } from '../../src/models/registry.js';
import { fit } from '../../src/training/trainer.js';
import { asSamples } from '../../src/data/samples.js';
import { Random } from '../../src/util/random.js';
import { registerNativeBackend } from '../../src/backend/native/index.js';
import { initBackend } from '../../src/backend/select.js';
import { timeKernels } from './kernel-timer.js';

async function main(): Promise<void> {
  const [modelName = 'deep', backend = 'native', stepsArg = '20', batchArg = '128', threadsArg] = process.argv.slice(2);
  const steps = Number(stepsArg), batchSize = Number(batchArg);
  const registration = registerNativeBackend(threadsArg ? { threads: Number(threadsArg) } : {});
  if (backend === 'native' && !registration.ok) throw new Error(`native backend unavailable: ${registration.why}`);
  if (backend === 'wasm-simd') await initBackend({ backend, ...(threadsArg ? { threads: Number(threadsArg) } : {}) });
  await tf.setBackend(backend);
  const model = buildModel(modelName, { seed: 1 });
  const shape = model.inputShape;
  const size = shape.reduce((a, b) => a * b, 1);
  const count = steps * batchSize;
  const rng = new Random(7);
  const data = new Float32Array(count * size);
  for (let i = 0; i < data.length; i++) data[i] = rng.next();
  const samples = asSamples(data, count, shape);
  const warm = asSamples(data.subarray(0, 2 * batchSize * size), 2 * batchSize, shape);

  await fit(model, warm, { epochs: 1, batchSize, seed: 1 });  // warm-up: allocations, JIT
  const timer = timeKernels(backend);
  let start = performance.now();
  await fit(model, samples, { epochs: 1, batchSize, seed: 2 });
  const trainMs = performance.now() - start;
  timer.stop();

  const batch = tf.tensor(data.subarray(0, batchSize * size), [batchSize, ...shape]);
  // As the product and the bench infer: one reconstruction per batch, read back.
  const reconstruct = () => tf.tidy(() => model.reconstructBatch(batch, false));
  tf.dispose(reconstruct());
  const inferTimer = timeKernels(backend);
  start = performance.now();
  for (let i = 0; i < steps; i++) {
    const out = reconstruct();
    out.dataSync();
    out.dispose();
  }
  const inferMs = performance.now() - start;
  inferTimer.stop();
  batch.dispose();

  const info = registration.ok ? `threads=${registration.threads} simd=${registration.simd}` : '';
  console.log(`${modelName} on ${backend} ${backend === 'native' ? info : ''} batch ${batchSize}, ${steps} steps`);
  console.log(`train: ${((count / trainMs) * 1000).toFixed(0)} samples/s (${(trainMs / steps).toFixed(2)} ms/step)`);
  console.log(`infer: ${((count / inferMs) * 1000).toFixed(0)} samples/s (${(inferMs / steps).toFixed(2)} ms/batch)`);
  console.log('training kernel time:');
  console.log(timer.report());
  console.log('inference kernel time:');
  console.log(inferTimer.report());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
