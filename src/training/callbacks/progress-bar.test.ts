import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { ProgressBar } from './progress-bar.js';
import { fakeControl } from '../../../testing/support/fake-control.js';

function recorder(isTTY: boolean): Writable & { isTTY: boolean; columns: number; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as Writable & { isTTY: boolean; columns: number; text: () => string };
  stream.isTTY = isTTY;
  stream.columns = 120;
  stream.text = () => chunks.join('');
  return stream;
}

/** A ProgressBar whose clock reads a script: one time per call to `now()`, the last one repeated. */
function scriptedBar(stream: Writable) {
  let times: number[] = [];
  let call = 0;
  const bar = new ProgressBar({ stream, now: () => times[Math.min(call++, times.length - 1)]! });
  /** One epoch of 3 batches of 100 samples (losses 0.02, 0.01, 0.0069: running mean 0.0123). */
  return async (index: number, clock: number[], logs: Record<string, number>) => {
    times = clock;
    call = 0;
    const control = fakeControl({ epochs: 10, stepsPerEpoch: 3 });
    bar.onEpochBegin(index, control);
    for (const [batch, loss] of [0.02, 0.01, 0.0069].entries()) bar.onBatchEnd(batch, { loss, size: 100 });
    bar.onEpochEnd(index, logs, control);
  };
}

test('ProgressBar prints one Keras-like line per epoch when not on a terminal', async () => {
  const stream = recorder(false);
  const epoch = scriptedBar(stream);
  // 300 samples in 12.3 s -> 24 samples/s; terms in order: loss, other train terms, val_*, lr.
  await epoch(2, [0, 12_300], { lr: 0.001, val_loss: 0.0119, kl: 3.5, loss: 0.0123, size: 300 });
  await epoch(3, [0, 1_000], { loss: 0.00012345, val_loss: 0.0004, lr: 0.0002 });
  assert.equal(
    stream.text(),
    'Epoch 3/10 - 12.3s - 24 samples/s - loss: 0.0123 - kl: 3.5000 - val_loss: 0.0119 - lr: 1.0e-3\n' +
      'Epoch 4/10 - 1.0s - 300 samples/s - loss: 1.2345e-04 - val_loss: 4.0000e-04 - lr: 2.0e-4\n',
  );
});

test('ProgressBar on a terminal draws a bar with batch count and running loss, then the summary line', async () => {
  const stream = recorder(true);
  const epoch = scriptedBar(stream);
  // Clock reads: epoch start, then one per batch; the epoch ends at 3 s.
  await epoch(0, [0, 1_000, 2_000, 3_000, 3_000], { loss: 0.0123, lr: 0.001 });
  const text = stream.text();
  assert.match(text, /Epoch 1\/10 \[[^\]]*\] 0\/3 - ETA/, 'the bar starts at 0/3');
  // The final drawing: 300 samples in 3 s and the size-weighted mean of the batch losses.
  assert.match(text, /Epoch 1\/10 \[[^\]]*\] 3\/3 - ETA \S+ - 100 samples\/s - loss: 0\.0123/);
  assert.ok(text.endsWith('Epoch 1/10 - 3.0s - 100 samples/s - loss: 0.0123 - lr: 1.0e-3\n'), text);
});

test('ProgressBar prints why training stopped early', () => {
  const stream = recorder(false);
  const control = fakeControl();
  control.stopReason = 'EarlyStopping: val_loss did not improve for 8 epochs (best 0.0123 at epoch 12)';
  new ProgressBar({ stream }).onTrainEnd({}, control);
  assert.equal(stream.text(), control.stopReason + '\n');
});
