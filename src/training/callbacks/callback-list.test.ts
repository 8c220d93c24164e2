import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Callback, Logs } from './callback.js';
import { CallbackList } from './callback-list.js';
import { EarlyStopping } from './early-stopping.js';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
import { fakeControl, runScripted, valLosses } from '../../../testing/support/fake-control.js';

/** Records every hook it sees; async hooks resolve late to prove the list awaits each in turn. */
function recorder(name: string, calls: string[]): Callback {
  const later = () => new Promise<void>((resolve) => setTimeout(resolve, 2));
  return {
    name,
    async onTrainBegin() {
      await later();
      calls.push(`${name}.trainBegin`);
    },
    onEpochBegin: (epoch) => void calls.push(`${name}.epochBegin ${epoch}`),
    async onBatchEnd(batch: number, logs: Logs) {
      await later();
      calls.push(`${name}.batchEnd ${batch} ${logs['loss']}`);
    },
    onEpochEnd: (epoch, logs) => void calls.push(`${name}.epochEnd ${epoch} ${logs['val_loss']}`),
    onTrainEnd: () => void calls.push(`${name}.trainEnd`),
  };
}

test('CallbackList calls each hook on every callback, in order, awaiting each', async () => {
  const calls: string[] = [];
  const list = new CallbackList([recorder('a', calls), { name: 'empty' }, recorder('b', calls)]);
  const control = fakeControl();
  await list.onTrainBegin(control);
  await list.onEpochBegin(0, control);
  await list.onBatchEnd(0, { loss: 0.5 }, control);
  await list.onEpochEnd(0, { val_loss: 0.25 }, control);
  await list.onTrainEnd({}, control);
  assert.deepEqual(calls, [
    'a.trainBegin', 'b.trainBegin',
    'a.epochBegin 0', 'b.epochBegin 0',
    'a.batchEnd 0 0.5', 'b.batchEnd 0 0.5',
    'a.epochEnd 0 0.25', 'b.epochEnd 0 0.25',
    'a.trainEnd', 'b.trainEnd',
  ]);
});

test('CallbackList refuses two callbacks with the same name', () => {
  assert.throws(
    () => new CallbackList([new EarlyStopping(), new EarlyStopping({ monitor: 'loss' })]),
    /two callbacks are named 'EarlyStopping'.*option 'name'/,
  );
  assert.doesNotThrow(() => new CallbackList([new EarlyStopping(), new EarlyStopping({ monitor: 'loss', name: 'EarlyStoppingOnLoss' })]));
});

test('CallbackList state: collected by name, restored by name, and a resume continues exactly', async () => {
  const losses = [1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
  const make = () => [new EarlyStopping({ patience: 5 }), new ReduceLROnPlateau({ patience: 2, factor: 0.5, log: () => {} })];
  const wholeControl = fakeControl({ learningRate: 1 });
  const whole = await runScripted(make(), valLosses(losses), wholeControl);
  // ES: best 0.9 at epoch 1, waits 1..5 at epochs 2..6 -> stop after epoch 6. RLR: reduce at 3 and 5.
  assert.equal(whole.epochsRun, 7);
  assert.deepEqual(whole.learningRates, [1, 1, 1, 0.5, 0.5, 0.25, 0.25]);

  const first = new CallbackList(make());
  const firstRun = await runScripted([...first.callbacks], valLosses(losses.slice(0, 4)), fakeControl({ learningRate: 1 }));
  const saved = JSON.parse(JSON.stringify(first.getState()));
  assert.deepEqual(Object.keys(saved), ['EarlyStopping', 'ReduceLROnPlateau']);
  assert.deepEqual(saved['EarlyStopping'], { wait: 2, stoppedEpoch: 0, best: 0.9, bestEpoch: 1 });

  const resumed = new CallbackList(make());
  resumed.setState(saved);
  const control = fakeControl({ learningRate: firstRun.learningRates.at(-1)! });
  const rest = await runScripted([...resumed.callbacks], valLosses(losses.slice(4)), control, { firstEpoch: 4 });
  assert.equal(4 + rest.epochsRun, whole.epochsRun);
  assert.deepEqual([...firstRun.learningRates, ...rest.learningRates], whole.learningRates);
  assert.equal(control.stopReason, wholeControl.stopReason);
});
