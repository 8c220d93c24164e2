/** Test-only: trains a model a few plain-SGD steps on one batch, for comparing backends. */
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Takes `steps` SGD steps of the MSE between `model(x)` in training mode and `target`, then
 * returns every weight (copies). Consumes its arguments: model, x and target are disposed.
 */
export function weightsAfterSgd(model: tfl.LayersModel, x: tf.Tensor, target: tf.Tensor, steps: number, learningRate: number): Float32Array[] {
  const optimizer = tf.train.sgd(learningRate);
  for (let i = 0; i < steps; i++) {
    optimizer.minimize(() => tf.losses.meanSquaredError(target, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
  }
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  tf.dispose([x, target]);
  optimizer.dispose();
  model.dispose();
  return weights;
}
