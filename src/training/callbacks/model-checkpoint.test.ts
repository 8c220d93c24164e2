import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelCheckpoint } from './model-checkpoint.js';
import { formatFilepath } from './filepath-template.js';
import { fakeControl, runScripted, valLosses } from '../../../testing/support/fake-control.js';

const LOSSES = [0.5, 0.6, 0.4, 0.4, 0.3];

test('ModelCheckpoint with saveBestOnly saves only on improvements, at the formatted path', async () => {
  // 0.5 (first, saved), 0.6 worse, 0.4 better (saved), 0.4 equal (not better), 0.3 better (saved).
  const checkpoint = new ModelCheckpoint({ filepath: 'runs/e{epoch:03d}-{val_loss:.4f}' });
  const control = fakeControl();
  await runScripted([checkpoint], valLosses(LOSSES), control);
  assert.deepEqual(control.saved, ['runs/e001-0.5000', 'runs/e003-0.4000', 'runs/e005-0.3000']);
  assert.equal(checkpoint.best, 0.3);
});

test('ModelCheckpoint without saveBestOnly saves every epoch', async () => {
  const control = fakeControl();
  await runScripted([new ModelCheckpoint({ filepath: 'runs/last', saveBestOnly: false })], valLosses(LOSSES), control);
  assert.deepEqual(control.saved, Array(5).fill('runs/last'));
});

test("ModelCheckpoint in 'max' mode keeps the highest value", async () => {
  const checkpoint = new ModelCheckpoint({ filepath: 'best', monitor: 'val_auc' });
  const control = fakeControl();
  await runScripted([checkpoint], [0.7, 0.6, 0.8].map((v) => ({ val_auc: v })), control);
  assert.equal(control.saved.length, 2);
  assert.equal(checkpoint.best, 0.8);
});

test('ModelCheckpoint saveFreq counts batches across epochs, like Keras', async () => {
  // 2 epochs of 3 batches, save every 2 batches: after e1/b2, e2/b1 (4th batch), e2/b3 (6th).
  const checkpoint = new ModelCheckpoint({ filepath: 'ckpt/e{epoch}-b{batch}', saveFreq: 2, saveBestOnly: false });
  const control = fakeControl();
  for (let epoch = 0; epoch < 2; epoch++) {
    checkpoint.onEpochBegin(epoch);
    for (let batch = 0; batch < 3; batch++) await checkpoint.onBatchEnd(batch, { loss: 1, size: 32 }, control);
    await checkpoint.onEpochEnd(epoch, { loss: 1 }, control);
  }
  assert.deepEqual(control.saved, ['ckpt/e1-b2', 'ckpt/e2-b1', 'ckpt/e2-b3']);
});

test('ModelCheckpoint saves anyway (warning once) when the monitored metric is missing', async () => {
  const messages: string[] = [];
  const control = fakeControl();
  await runScripted([new ModelCheckpoint({ filepath: 'm', log: (m) => messages.push(m) })], [{ loss: 1 }, { loss: 2 }], control);
  assert.deepEqual(control.saved, ['m', 'm']);
  assert.equal(messages.length, 1);
});

test('ModelCheckpoint state round-trips: a resumed run saves at the same epochs', async () => {
  const all = [0.5, 0.6, 0.4, 0.45, 0.42, 0.3, 0.35, 0.2];
  const whole = fakeControl();
  await runScripted([new ModelCheckpoint({ filepath: 'e{epoch}' })], valLosses(all), whole);
  assert.deepEqual(whole.saved, ['e1', 'e3', 'e6', 'e8']);
  const first = new ModelCheckpoint({ filepath: 'e{epoch}' });
  const firstControl = fakeControl();
  await runScripted([first], valLosses(all.slice(0, 4)), firstControl);
  const resumed = new ModelCheckpoint({ filepath: 'e{epoch}' });
  resumed.setState(JSON.parse(JSON.stringify(first.getState())));
  const control = fakeControl();
  await runScripted([resumed], valLosses(all.slice(4)), control, { firstEpoch: 4 });
  assert.deepEqual([...firstControl.saved, ...control.saved], whole.saved);
  // Without the restored best (0.4), 0.42 at epoch 5 would have overwritten the best model.
  const forgetful = fakeControl();
  await runScripted([new ModelCheckpoint({ filepath: 'e{epoch}' })], valLosses(all.slice(4)), forgetful, { firstEpoch: 4 });
  assert.deepEqual(forgetful.saved, ['e5', 'e6', 'e8']);
});

test('formatFilepath follows Python format specs', () => {
  const values = { epoch: 5, val_loss: 0.0123456, lr: 0.00015, loss: -1.5 };
  assert.equal(formatFilepath('e{epoch:02d}', values), 'e05');
  assert.equal(formatFilepath('v{val_loss:.4f}', values), 'v0.0123');
  assert.equal(formatFilepath('lr{lr:.2e}', values), 'lr1.50e-04');
  assert.equal(formatFilepath('{loss:06.2f}/{epoch}', values), '-01.50/5');
  assert.equal(formatFilepath('{epoch:4d}', values), '   5');
  assert.equal(formatFilepath('plain/dir', values), 'plain/dir');
  assert.throws(() => formatFilepath('m-{acc:.2f}', values), /filepath 'm-\{acc:.2f\}' uses \{acc\}.*available: epoch, val_loss, lr, loss/);
  assert.throws(() => formatFilepath('{epoch:>3}', values), /format spec ':>3'/);
});
