import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../registry.js';
import { summarize } from '../summary.js';

test("'keras-conv-denoise' has the Keras example's layers, shapes and 28,353 parameters", async () => {
  await initBackend({ backend: 'auto' });
  const model = buildModel('keras-conv-denoise');
  const summary = summarize(model.model);
  assert.equal(summary.totalParams, 28_353);
  // Per layer, as the Keras summary prints them: 320, 0, 9,248, 0, 9,248, 9,248, 289.
  assert.deepEqual(summary.rows.filter((r) => r.type !== 'InputLayer').map((r) => r.params), [320, 0, 9248, 0, 9248, 9248, 289]);
  assert.deepEqual(model.codeShape, [7, 7, 32]);
  assert.equal(model.spec.loss, 'bce');
  assert.throws(() => buildModel('keras-conv-denoise', { inputShape: [784] }), /expects image input/);
});
