import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../backend/select.js';
import { buildModel } from '../../models/registry.js';
import { asSamples } from '../../data/samples.js';
import { fit } from '../trainer.js';
import { LambdaCallback } from './lambda-callback.js';

await initBackend({ backend: 'cpu' });

test('LambdaCallback hooks see every batch and epoch of fit, in order, and an awaited hook holds training', async () => {
  const events: string[] = [];
  let waited = 0;
  const callback = new LambdaCallback({
    onTrainBegin: () => void events.push('begin'),
    onBatchEnd: async (batch) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      waited++;
      events.push(`b${batch}`);
    },
    onEpochEnd: (epoch, logs) => void events.push(`e${epoch}:${Number.isFinite(logs['loss']) && waited === (epoch + 1) * 2}`),
    onTrainEnd: () => void events.push('end'),
  });
  const set = asSamples(new Float32Array(8 * 784).fill(0.5), 8, [784]);
  await fit(buildModel('dense', { seed: 1 }), set, { epochs: 2, batchSize: 4, seed: 1, callbacks: [callback] });
  assert.deepEqual(events, ['begin', 'b0', 'b1', 'e0:true', 'b0', 'b1', 'e1:true', 'end']);
});

test('LambdaCallback rejects a misspelt hook or a hook that is not a function', () => {
  // as never: these pass what the types forbid, as untyped JavaScript can.
  assert.throws(() => new LambdaCallback({ onEpochEnds: () => undefined } as never), /LambdaCallback: unknown option\(s\) onEpochEnds; expected name, onTrainBegin/);
  assert.throws(() => new LambdaCallback({ onBatchEnd: 3 } as never), /option 'onBatchEnd' must be a function, got number/);
});
