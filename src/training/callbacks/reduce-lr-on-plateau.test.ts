import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
import { fakeControl, runScripted, valLosses } from '../../../testing/support/fake-control.js';

const quiet = { log: () => {} };
const FLAT = Array<number>(12).fill(1);

test('ReduceLROnPlateau lowers lr after `patience` flat epochs and stops at minLr', async () => {
  // patience 2, factor 0.5: epoch 0 sets best; waits 1, 2 -> reduce at epochs 2, 4, 6, 8;
  // 0.125 * 0.5 = 0.0625 is clamped to minLr 0.1, after which lr is at the floor and stays.
  const messages: string[] = [];
  const reducer = new ReduceLROnPlateau({ patience: 2, factor: 0.5, minLr: 0.1, log: (m) => messages.push(m) });
  const run = await runScripted([reducer], valLosses(FLAT), fakeControl({ learningRate: 1 }));
  assert.deepEqual(run.learningRates, [1, 1, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.1, 0.1, 0.1, 0.1]);
  assert.deepEqual(messages, [
    'Epoch 3: ReduceLROnPlateau reducing learning rate to 5.0e-1.',
    'Epoch 5: ReduceLROnPlateau reducing learning rate to 2.5e-1.',
    'Epoch 7: ReduceLROnPlateau reducing learning rate to 1.3e-1.',
    'Epoch 9: ReduceLROnPlateau reducing learning rate to 1.0e-1.',
  ]);
});

test('ReduceLROnPlateau: cooldown pauses the counting after a reduction', async () => {
  // cooldown 2: reduce at epoch 2; epoch 3 in cooldown (counter 2 -> 1, not counted); epoch 4
  // counter 1 -> 0 and wait 1; epoch 5 wait 2 -> reduce; epochs 6, 7 likewise; reduce at 8, 11.
  const reducer = new ReduceLROnPlateau({ patience: 2, factor: 0.5, minLr: 0, cooldown: 2, ...quiet });
  const run = await runScripted([reducer], valLosses(FLAT), fakeControl({ learningRate: 1 }));
  assert.deepEqual(run.learningRates, [1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125, 0.125, 0.0625]);
});

test('ReduceLROnPlateau: changes smaller than minDelta (default 1e-4) are plateaus', async () => {
  // 0.99995 is not < 1 - 1e-4 (wait 1); 0.99985 is (best, wait 0); 0.99984, 0.99983: wait 1, 2 -> reduce at epoch 4.
  const reducer = new ReduceLROnPlateau({ patience: 2, ...quiet });
  const run = await runScripted([reducer], valLosses([1, 0.99995, 0.99985, 0.99984, 0.99983]), fakeControl({ learningRate: 1e-3 }));
  assert.deepEqual(run.learningRates.slice(0, 4), [1e-3, 1e-3, 1e-3, 1e-3]);
  assert.ok(Math.abs(run.learningRates[4]! - 2e-4) < 1e-15, `lr after epoch 4: ${run.learningRates[4]}`);
});

test('ReduceLROnPlateau: improvements keep the learning rate', async () => {
  const reducer = new ReduceLROnPlateau({ patience: 1, ...quiet });
  const run = await runScripted([reducer], valLosses([5, 4, 3, 2, 1]), fakeControl({ learningRate: 1e-3 }));
  assert.deepEqual(run.learningRates, [1e-3, 1e-3, 1e-3, 1e-3, 1e-3]);
});

test('ReduceLROnPlateau state round-trips: a resumed run lowers lr at the same epochs', async () => {
  const options = { patience: 2, factor: 0.5, minLr: 0, cooldown: 2, ...quiet };
  const whole = await runScripted([new ReduceLROnPlateau(options)], valLosses(FLAT), fakeControl({ learningRate: 1 }));
  for (const split of [1, 3, 4, 6]) {
    const first = new ReduceLROnPlateau(options);
    const firstRun = await runScripted([first], valLosses(FLAT.slice(0, split)), fakeControl({ learningRate: 1 }));
    const resumed = new ReduceLROnPlateau(options);
    resumed.setState(JSON.parse(JSON.stringify(first.getState())));
    // The trainer restores the optimizer's learning rate itself; the callback restores its counters.
    const control = fakeControl({ learningRate: firstRun.learningRates.at(-1)! });
    const rest = await runScripted([resumed], valLosses(FLAT.slice(split)), control, { firstEpoch: split });
    assert.deepEqual([...firstRun.learningRates, ...rest.learningRates], whole.learningRates, `split at ${split}`);
  }
});

test('ReduceLROnPlateau rejects a factor that would not reduce', () => {
  assert.throws(() => new ReduceLROnPlateau({ factor: 1.5 }), /option 'factor' must be in \(0, 1\).*got 1.5/);
});
