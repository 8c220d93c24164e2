import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { NativeAddon } from './addon.js';
import { applyHeapPolicy, HEAP_POLICY_ENV } from './heap-policy.js';
import { NATIVE_ONLY } from '../../../testing/support/native.js';

/** An addon stand-in that records the thresholds it is given. */
function recordingAddon(supported: boolean): { addon: NativeAddon; calls: number[][] } {
  const calls: number[][] = [];
  const addon = { setHeapPolicy: (mmap: number, trim: number) => { calls.push([mmap, trim]); return supported; } };
  // Cast: a stub with only the functions this test calls.
  return { addon: addon as unknown as NativeAddon, calls };
}

test('heap policy: glibc thresholds where its own adjustment ends, unless AEKIT_MALLOC=system', () => {
  const MiB = 1024 * 1024;
  const applied = recordingAddon(true);
  assert.equal(applyHeapPolicy(applied.addon, {}), 'large arrays kept on the heap');
  assert.equal(applyHeapPolicy(applied.addon, { [HEAP_POLICY_ENV]: 'heap' }), 'large arrays kept on the heap');
  assert.deepEqual(applied.calls, [[32 * MiB, 64 * MiB], [32 * MiB, 64 * MiB]]);

  const optedOut = recordingAddon(true);
  assert.equal(applyHeapPolicy(optedOut.addon, { [HEAP_POLICY_ENV]: 'system' }), 'system default (AEKIT_MALLOC=system)');
  assert.deepEqual(optedOut.calls, []);

  assert.equal(applyHeapPolicy(recordingAddon(false).addon, {}), 'system default (this C library has no such settings)');
  assert.throws(() => applyHeapPolicy(recordingAddon(true).addon, { [HEAP_POLICY_ENV]: 'jemalloc' }),
    /AEKIT_MALLOC: expected 'heap' \(the default\) or 'system', got 'jemalloc'/);
});

/** Minor page faults per batch of a dense autoencoder's reconstructions read back, in a fresh process. */
function faultsPerBatch(env: NodeJS.ProcessEnv): { heap: string; faults: number } {
  const url = (path: string) => new URL(path, import.meta.url).href;
  const code = `
    import * as tf from '@tensorflow/tfjs-core';
    import { registerNativeBackend } from '${url('./index.js')}';
    import { buildModel } from '${url('../../models/registry.js')}';
    const registration = registerNativeBackend({ threads: 1 });
    await tf.setBackend('native');
    const model = buildModel('dense', { seed: 1 });
    const x = tf.zeros([128, 784]);
    const batch = () => { const out = tf.tidy(() => model.reconstructBatch(x, false)); out.dataSync(); out.dispose(); };
    for (let i = 0; i < 20; i++) batch();
    const before = process.resourceUsage().minorPageFault;
    for (let i = 0; i < 1000; i++) batch();
    console.log(JSON.stringify({ heap: registration.heap, faults: (process.resourceUsage().minorPageFault - before) / 1000 }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    encoding: 'utf8', env: { ...process.env, ...env }, cwd: new URL('../../../..', import.meta.url).pathname, timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { heap: string; faults: number };
}

// Each read-back reconstruction is a fresh 400 KB array (the pool cannot reuse what JavaScript
// holds). Mapped fresh it faults on all of its ~100 pages; kept on the heap it reuses freed ones.
// Measured: 9-10 faults per batch with the policy, 50-99 without.
test('heap policy: read-back reconstructions reuse freed memory instead of faulting fresh pages', { skip: NATIVE_ONLY }, () => {
  const kept = faultsPerBatch({ [HEAP_POLICY_ENV]: 'heap' });
  assert.equal(kept.heap, 'large arrays kept on the heap');
  assert.ok(kept.faults < 25, `${kept.faults} page faults per batch with the policy (expected < 25 of ~100 pages)`);
});
