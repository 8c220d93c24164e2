import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Logs } from './callback.js';
import { MonitorCallback, resolveMode, type MonitorOptions } from './monitor-callback.js';

/** The smallest concrete monitor: opens the protected steps the callbacks build on. */
class Probe extends MonitorCallback {
  constructor(options: MonitorOptions = {}, defaultMinDelta = 0) {
    super('Probe', options, defaultMinDelta);
  }
  read(logs: Logs): number | undefined {
    return this.monitoredValue(logs);
  }
  beginTraining(): boolean {
    return this.startsFresh();
  }
  restore(best: number): void {
    this.best = best;
    this.markRestored();
  }
}

test("mode 'auto' maximises accuracy- and AUC-like names and minimises the rest; an explicit mode wins", () => {
  for (const name of ['acc', 'val_acc', 'accuracy', 'val_binary_accuracy', 'auc', 'val_auc']) assert.equal(resolveMode(name, 'auto'), 'max', name);
  for (const name of ['loss', 'val_loss', 'mse', 'val_kl', 'lr']) assert.equal(resolveMode(name, 'auto'), 'min', name);
  assert.equal(resolveMode('val_acc', 'min'), 'min');
  assert.equal(resolveMode('val_loss', 'max'), 'max');
  assert.equal(new Probe({ monitor: 'val_accuracy' }).mode, 'max');
  assert.equal(new Probe().monitor, 'val_loss');
  assert.equal(new Probe().mode, 'min');
});

test('an improvement beats the best by more than minDelta, whatever its sign, in the monitored direction', () => {
  const lower = new Probe({ minDelta: -0.1 });
  assert.equal(lower.minDelta, 0.1);
  assert.equal(lower.best, Infinity);
  assert.equal(lower.isImprovement(1e30), true);
  lower.best = 1;
  assert.equal(lower.isImprovement(0.95), false);
  assert.equal(lower.isImprovement(0.9), false, 'exactly minDelta is not more than minDelta');
  assert.equal(lower.isImprovement(0.89), true);
  assert.equal(lower.isImprovement(0.45, 0.5), false, 'against a given reference (a baseline)');
  assert.equal(lower.isImprovement(0.35, 0.5), true);

  const higher = new Probe({ monitor: 'val_acc', minDelta: 0.05 });
  assert.equal(higher.best, -Infinity);
  higher.best = 0.5;
  assert.equal(higher.isImprovement(0.54), false);
  assert.equal(higher.isImprovement(0.56), true);
  assert.equal(higher.isImprovement(0.4), false);

  assert.equal(new Probe({}, 1e-4).minDelta, 1e-4, "the callback's own default when the option is not given");
});

test('a bad mode or minDelta is refused naming the callback, the option and the value', () => {
  assert.throws(() => new Probe({ mode: 'up' as 'min' }), /^Error: Probe: option 'mode' must be 'min', 'max' or 'auto', got 'up'$/);
  assert.throws(() => new Probe({ minDelta: Number.NaN }), /^Error: Probe: option 'minDelta' must be a finite number, got NaN$/);
  assert.throws(() => new Probe({ name: 'stopper', minDelta: Infinity }), /^Error: stopper: option 'minDelta' must be a finite number, got Infinity$/);
});

test('a metric missing from the logs warns once, naming the metrics there are, until it appears', () => {
  const messages: string[] = [];
  const probe = new Probe({ monitor: 'val_loss', log: (message) => messages.push(message) });
  assert.equal(probe.read({ loss: 0.5, lr: 0.001 }), undefined);
  assert.equal(probe.read({ loss: 0.4 }), undefined);
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, /^Probe: the monitored metric 'val_loss' is not in the logs \(available: loss, lr\); /);
  assert.equal(probe.read({ loss: 0.3, val_loss: 0.35 }), 0.35);
  assert.equal(messages.length, 1);
});

test('training that starts fresh resets the best value; after setState it keeps the restored one, once', () => {
  const probe = new Probe();
  probe.best = 0.2;
  assert.equal(probe.beginTraining(), true);
  assert.equal(probe.best, Infinity);
  probe.restore(0.3);
  assert.equal(probe.beginTraining(), false);
  assert.equal(probe.best, 0.3);
  assert.equal(probe.beginTraining(), true, 'a later fit on the same instance starts over');
  assert.equal(probe.best, Infinity);
});
