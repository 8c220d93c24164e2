/**
 * Measures training-step throughput (samples/s) of a model preset on one backend:
 *   node dist/bench/profile/wasm-training-step.js <model> <backend> [batch=128] [steps=3]
 * A step is variableGrads of the MSE reconstruction loss plus an Adam update, as training does.
 * Two warm-up steps are not timed. Inputs are random in [0, 1): speed does not depend on values.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { buildModel } from '../../src/models/registry.js';
import { initBackend, parseBackendName } from '../../src/backend/select.js';

async function main(): Promise<void> {
  const [modelName = 'conv1', backendName = 'wasm', batchText = '128', stepsText = '3'] = process.argv.slice(2);
  const info = await initBackend({ backend: parseBackendName(backendName, 'backend argument') });
  const { model } = buildModel(modelName, { seed: 1 });
  const batch = Number(batchText);
  const steps = Number(stepsText);
  const shape = [batch, ...(model.inputs[0]!.shape.slice(1) as number[])];
  const x = tf.randomUniform(shape, 0, 1, 'float32', 1);
  const optimizer = tf.train.adam(1e-3);
  const step = () => tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(x, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    // Cast: applyGradients' typings want a NamedTensor[] or a map of Variables' names; a NamedTensorMap is what it reads.
    optimizer.applyGradients(grads as tf.NamedTensorMap as unknown as Parameters<typeof optimizer.applyGradients>[0]);
    return value.dataSync()[0]!;
  });
  step();
  step();
  const start = performance.now();
  for (let i = 0; i < steps; i++) step();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${modelName} on ${info.name} (${info.reason}): batch ${batch}, ${steps} steps, ${(batch * steps / seconds).toFixed(1)} samples/s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
