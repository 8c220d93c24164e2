import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../backend/select.js';
import { buildModel } from '../models/registry.js';
import { checkDataRange, valueRange } from './data-range.js';

await initBackend({ backend: 'cpu' });

test('data outside the model output range is warned about, with the fix; bce refuses it', () => {
  assert.deepEqual(valueRange(Float32Array.of(3, -1, 2)), { min: -1, max: 3 });
  const pixels = Float32Array.of(0, 17, 255);
  const sigmoid = buildModel('dense', { inputShape: [3], options: { codeSize: 2 } });
  assert.equal(checkDataRange(Float32Array.of(0, 0.5, 1), 'ok.npy', sigmoid), undefined);
  assert.equal(
    checkDataRange(pixels, 'pixels.npy', sigmoid),
    "pixels.npy: values range from 0 to 255, but model 'dense' ends in sigmoid (outputs in [0, 1]) and cannot reconstruct them: scale them into [0, 1] (--scale minmax fits that on the training data) and take any label column out (--label-column for a CSV)",
  );
  const bce = buildModel('dense', { inputShape: [3], options: { codeSize: 2 }, loss: 'bce' });
  assert.throws(() => checkDataRange(Float32Array.of(-0.5, 0.5, 0.75), 'neg.csv', bce), /^Error: neg\.csv: values range from -0\.5 to 0\.75, but the loss 'bce' \(binary cross-entropy\) needs values in \[0, 1\]: .* or train with --loss mse$/);
  // A linear output reaches any value: standardised data is fine there.
  const linear = buildModel('linear', { inputShape: [3], options: { codeSize: 2 } });
  assert.equal(checkDataRange(Float32Array.of(-3, 0, 250), 'std.npy', linear), undefined);
});
