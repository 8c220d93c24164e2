import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../util/random.js';
import { GAUSSIAN_CODE, GAUSSIAN_CODE_GRAD, gaussianCode } from '../gaussian-code.js';
import { assertRegistered, assertSameAsCpu, randomValues, SKIP, valueAndGrads, ENGINE } from '../../../testing/support/native.js';

assertRegistered();

/** Both outputs as one vector, so valueAndGrads' random projection weighs every value of each. */
function both(mean: tf.Tensor, logVariance: tf.Tensor, noise: tf.Tensor): tf.Tensor {
  const { code, kl } = gaussianCode(mean, logVariance, noise);
  return tf.concat([tf.reshape(code, [-1]), kl]);
}

test('the VAE code and KL: values and gradients on native equal tfjs\'s composition on cpu', { skip: SKIP }, async () => {
  const rng = new Random(71);
  // A 2-D latent at batch 128 (the dense VAE's), a wide latent, and a single sample.
  for (const [rows, units] of [[128, 2], [9, 33], [1, 1]] as const) {
    const n = rows * units;
    // Log-variances in [-3, 3]: exp(lv) from 0.05 to 20.
    const mean = randomValues(rng, n, 2), logVariance = randomValues(rng, n, 3), noise = randomValues(rng, n, 2);
    await assertSameAsCpu(`[${rows}, ${units}]`, () => valueAndGrads(72, both,
      [tf.tensor(mean, [rows, units]), tf.tensor(logVariance, [rows, units]), tf.tensor(noise, [rows, units])]));
  }
});

test('the VAE code and KL run as one kernel each way on native, also when only the KL is used', { skip: SKIP }, async () => {
  await tf.setBackend(ENGINE);
  const rng = new Random(73);
  const [mean, logVariance, noise] = [0, 1, 2].map(() => tf.tensor(randomValues(rng, 20), [10, 2]));
  const info = await tf.profile(() => tf.grads((m: tf.Tensor, lv: tf.Tensor) => tf.sum(both(m, lv, noise!)))([mean!, logVariance!]));
  const ours = info.kernelNames.filter((k) => k.startsWith('Aekit'));
  assert.deepEqual(ours, [GAUSSIAN_CODE, GAUSSIAN_CODE_GRAD], `kernels run: ${info.kernelNames.join(', ')}`);
  assert.ok(!info.kernelNames.includes(tf.Exp), `native still ran Exp: ${info.kernelNames.join(', ')}`);
  // The code unused: its cotangent is zeros, and d kl / d mean = mean.
  const [dMean] = tf.grads((m: tf.Tensor, lv: tf.Tensor) => tf.sum(gaussianCode(m, lv, noise!).kl))([mean!, logVariance!]);
  assert.deepEqual(Array.from(dMean!.dataSync()), Array.from(mean!.dataSync()));
  tf.dispose([mean!, logVariance!, noise!, dMean!]);
});

test('gaussianCode names the shapes it was given when they disagree', () => {
  const a = tf.zeros([4, 2]), b = tf.zeros([4, 3]);
  assert.throws(() => gaussianCode(a, b, a), /must share one shape \[rows, units\], found \[4, 2\], \[4, 3\] and \[4, 2\]/);
  tf.dispose([a, b]);
});
