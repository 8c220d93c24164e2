import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { binaryCrossEntropy } from '../binary-cross-entropy.js';
import { Random } from '../../util/random.js';
import { assertRegistered, assertSameAsCpu, SKIP, valueAndGrads, ENGINE } from '../../../testing/support/native.js';

assertRegistered();

test('binary cross-entropy: one kernel each way on native, values and both gradients equal to the composed loss on cpu', { skip: SKIP }, async () => {
  const rng = new Random(51);
  const n = 4 * 7 * 7 * 3;
  const target = Float32Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : i % 7 === 0 ? 1 : rng.next()));
  const output = Float32Array.from({ length: n }, () => 0.001 + 0.998 * rng.next());
  // Clipped outputs (0, 1, beyond), the clip bounds themselves, and values just inside them.
  output.set([0, 1, -0.5, 1.5, 1e-7, 1 - 1e-7, 1e-6, 1 - 1e-6, 1e-9], 0);
  const shape = [4, 7, 7, 3];
  await assertSameAsCpu('bce value and gradients', () =>
    valueAndGrads(52, (t, p) => binaryCrossEntropy(t, p), [tf.tensor(target, shape), tf.tensor(output, shape)]), ['bce', 'bceGrad'], 1e-4);

  await tf.setBackend(ENGINE);
  const [t, p] = [tf.tensor(target, shape), tf.tensor(output, shape)];
  const info = await tf.profile(() => tf.grad((q: tf.Tensor) => tf.sum(binaryCrossEntropy(t, q)))(p));
  tf.dispose([t, p]);
  assert.deepEqual(info.kernelNames.filter((k) => !['Sum', 'Reshape', 'Fill', 'Identity', 'Tile', 'Multiply', 'OnesLike'].includes(k)).sort(),
    ['AekitBinaryCrossEntropy', 'AekitBinaryCrossEntropyGrad'], `kernels run: ${info.kernelNames.join(', ')}`);
});
