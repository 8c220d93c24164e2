import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { initBackend } from '../../backend/select.js';
import { Autoencoder } from '../../models/autoencoder.js';
import { EarlyStopping } from './early-stopping.js';
import { fakeControl, runScripted, valLosses } from '../../../testing/support/fake-control.js';

/*
 * Worked by hand with Keras's rules (wait += 1 each monitored epoch; reset to 0 on improvement;
 * stop when wait >= patience), patience = 3:
 *   epoch 0: 0.50 best          wait 0
 *   epoch 1: 0.40 best          wait 0
 *   epoch 2: 0.41               wait 1
 *   epoch 3: 0.39 best          wait 0
 *   epoch 4: 0.395              wait 1
 *   epoch 5: 0.40               wait 2
 *   epoch 6: 0.38 best          wait 0
 *   epoch 7..9: 0.385..0.387    wait 1, 2, 3 -> stop after epoch 9; 0.30 is never seen.
 */
const SEQUENCE = [0.5, 0.4, 0.41, 0.39, 0.395, 0.4, 0.38, 0.385, 0.386, 0.387, 0.3];

test('EarlyStopping stops at the epoch Keras stops at, and says why', async () => {
  const stopper = new EarlyStopping({ patience: 3 });
  const control = fakeControl();
  const run = await runScripted([stopper], valLosses(SEQUENCE), control);
  assert.equal(run.epochsRun, 10);
  assert.equal(stopper.stoppedEpoch, 9);
  assert.equal(stopper.best, 0.38);
  assert.equal(stopper.bestEpoch, 6);
  assert.equal(control.stopTraining, true);
  assert.equal(control.stopReason, 'EarlyStopping: val_loss did not improve for 3 epochs (best 0.3800 at epoch 7)');
});

test('EarlyStopping: minDelta makes small gains count as no improvement', async () => {
  // minDelta 0.015: 0.41 (wait 1), 0.39 is not < 0.40 - 0.015 (wait 2), 0.395 (wait 3) -> stop at epoch 4.
  const stopper = new EarlyStopping({ patience: 3, minDelta: 0.015 });
  const run = await runScripted([stopper], valLosses(SEQUENCE), fakeControl());
  assert.equal(run.epochsRun, 5);
  assert.equal(stopper.stoppedEpoch, 4);
  assert.equal(stopper.best, 0.4);
});

test('EarlyStopping: an improvement that misses the baseline does not reset the wait', async () => {
  // baseline 0.35: epoch 0 improves (wait 1, not reset), epoch 1 improves (wait 2, not reset),
  // epoch 2 does not improve (wait 3 >= 3) -> stop at epoch 2.
  const stopper = new EarlyStopping({ patience: 3, baseline: 0.35 });
  const run = await runScripted([stopper], valLosses(SEQUENCE), fakeControl());
  assert.equal(run.epochsRun, 3);
  assert.equal(stopper.stoppedEpoch, 2);
  // A baseline that is beaten behaves like no baseline.
  const easy = new EarlyStopping({ patience: 3, baseline: 0.6 });
  assert.equal((await runScripted([easy], valLosses(SEQUENCE), fakeControl())).epochsRun, 10);
});

test('EarlyStopping: startFromEpoch ignores the warm-up epochs', async () => {
  // patience 1 alone stops at epoch 2 (0.41); from epoch 3 on: 0.39 best, 0.395 -> stop at epoch 4.
  const plain = new EarlyStopping({ patience: 1 });
  assert.equal((await runScripted([plain], valLosses(SEQUENCE), fakeControl())).epochsRun, 3);
  const warm = new EarlyStopping({ patience: 1, startFromEpoch: 3 });
  const run = await runScripted([warm], valLosses(SEQUENCE), fakeControl());
  assert.equal(run.epochsRun, 5);
  assert.equal(warm.stoppedEpoch, 4);
  assert.equal(warm.bestEpoch, 3);
});

test("EarlyStopping: mode 'auto' maximises an accuracy", async () => {
  // val_acc 0.5, 0.6 best, 0.55 (wait 1), 0.58 (wait 2) -> stop at epoch 3 with patience 2.
  const stopper = new EarlyStopping({ monitor: 'val_acc', patience: 2 });
  assert.equal(stopper.mode, 'max');
  const run = await runScripted([stopper], [0.5, 0.6, 0.55, 0.58, 0.7].map((v) => ({ val_acc: v })), fakeControl());
  assert.equal(run.epochsRun, 4);
  assert.equal(stopper.best, 0.6);
});

test('EarlyStopping warns once when the metric is missing, and never stops', async () => {
  const messages: string[] = [];
  const stopper = new EarlyStopping({ patience: 0, log: (m) => messages.push(m) });
  const run = await runScripted([stopper], [{ loss: 1 }, { loss: 2 }, { loss: 3 }], fakeControl());
  assert.equal(run.epochsRun, 3);
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, /'val_loss' is not in the logs \(available: loss\)/);
});

test('EarlyStopping rejects bad options with the option named', () => {
  assert.throws(() => new EarlyStopping({ patience: -1 }), /option 'patience' must be a non-negative integer, got -1/);
  assert.throws(() => new EarlyStopping({ mode: 'up' as 'min' }), /option 'mode' must be 'min', 'max' or 'auto', got 'up'/);
});

test('EarlyStopping state round-trips: a resumed run stops where the uninterrupted one did', async () => {
  const whole = new EarlyStopping({ patience: 3 });
  const wholeControl = fakeControl();
  await runScripted([whole], valLosses(SEQUENCE), wholeControl);
  for (const split of [1, 5, 8]) {
    const first = new EarlyStopping({ patience: 3 });
    await runScripted([first], valLosses(SEQUENCE.slice(0, split)), fakeControl());
    const resumed = new EarlyStopping({ patience: 3 });
    resumed.setState(JSON.parse(JSON.stringify(first.getState())));
    const control = fakeControl();
    const run = await runScripted([resumed], valLosses(SEQUENCE.slice(split)), control, { firstEpoch: split });
    assert.equal(split + run.epochsRun, 10, `split at ${split}`);
    assert.equal(control.stopReason, wholeControl.stopReason);
  }
  // Before any epoch the best is Infinity, which JSON cannot hold: it must come back as Infinity.
  const fresh = new EarlyStopping();
  const restored = new EarlyStopping();
  restored.setState(JSON.parse(JSON.stringify(fresh.getState())));
  assert.equal(restored.best, Infinity);
  assert.throws(() => restored.setState({ wait: 1 }), /saved state lacks 'stoppedEpoch'/);
});

test('EarlyStopping restores the weights of the best epoch (real tfjs-layers model)', async () => {
  await initBackend({ backend: 'cpu' });
  const encoder = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
  const decoder = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [2] })] });
  const model = new Autoencoder({ name: 'dense', inputShape: [3], loss: 'mse', options: {} }, encoder, decoder);
  // Stand-in for the optimizer: in-place updates setting every weight to the epoch number.
  const train = (epoch: number) => {
    for (const weight of model.model.getWeights()) {
      const value = tf.fill(weight.shape, epoch);
      (weight as tf.Variable).assign(value);
      value.dispose();
    }
  };
  const before = tf.memory().numTensors;
  const stopper = new EarlyStopping({ patience: 3, restoreBestWeights: true, log: () => {} });
  const run = await runScripted([stopper], valLosses(SEQUENCE), fakeControl({ model }), { beforeEpochEnd: train });
  assert.equal(run.epochsRun, 10);
  const weights = model.model.getWeights();
  assert.equal(weights.length, 4);
  for (const weight of weights) assert.deepEqual([...new Set(weight.dataSync())], [6], 'weights of epoch 6, the best');
  // Every copy of a best epoch was disposed.
  assert.equal(tf.memory().numTensors, before);
});
