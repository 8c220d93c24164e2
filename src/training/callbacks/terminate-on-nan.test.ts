import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TerminateOnNaN } from './terminate-on-nan.js';
import { fakeControl } from '../../../testing/support/fake-control.js';

async function feed(losses: number[], epoch = 1) {
  const callback = new TerminateOnNaN();
  const control = fakeControl();
  callback.onEpochBegin(epoch);
  losses.forEach((loss, batch) => callback.onBatchEnd(batch, { loss, size: 32 }, control));
  return control;
}

test('TerminateOnNaN stops on a NaN batch loss and says where and what to try', async () => {
  const control = await feed([0.5, 0.4, NaN]);
  assert.equal(control.stopTraining, true);
  assert.equal(
    control.stopReason,
    'TerminateOnNaN: the loss became NaN at epoch 2, batch 3. Try a lower learning rate, and check that the inputs are scaled to [0, 1].',
  );
});

test('TerminateOnNaN stops on an infinite loss too, and not on finite ones', async () => {
  const infinite = await feed([0.5, Infinity], 0);
  assert.equal(infinite.stopTraining, true);
  assert.match(infinite.stopReason!, /became Infinity at epoch 1, batch 2/);
  const finite = await feed([0.5, 1e30, 0]);
  assert.equal(finite.stopTraining, false);
  assert.equal(finite.stopReason, undefined);
});
