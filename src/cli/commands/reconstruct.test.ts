import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../backend/select.js';
import { loadDataset } from '../../data/index.js';
import { encodeNpy, readNpy } from '../../data/npy.js';
import { saveAutoencoder } from '../../io/model-io.js';
import { runAekit } from '../../../testing/support/cli.js';
import { maxAbsDifference, perturbedModel } from '../../../testing/support/export-fixtures.js';

test('aekit reconstruct --out FILE.npy writes every reconstruction (builtin split streamed, or user .npy data) as aekit computes them', async () => {
  await initBackend({ backend: 'auto' });
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-recon-'));
  const model = perturbedModel({ label: 'dense', model: 'dense' });
  await saveAutoencoder(model, path.join(dir, 'run', 'best'));
  const digits = await loadDataset('mnist', 'test', { limit: 300 });
  const expected = tf.tidy(() => model.reconstructBatch(tf.tensor(digits.images, [300, 784])).dataSync());

  const streamed = await runAekit(['reconstruct', '--model', 'run', '--count', '300', '--out', 'recon.npy'], dir);
  assert.equal(streamed.code, 0, streamed.stderr);
  const array = readNpy(await fs.readFile(path.join(dir, 'recon.npy')), 'recon.npy');
  assert.deepEqual(array.shape, [300, 28, 28, 1]);
  assert.ok(maxAbsDifference(array.data, expected) <= 1e-6);

  await fs.writeFile(path.join(dir, 'digits.npy'), encodeNpy(digits.images.subarray(0, 40 * 784), [40, 784]));
  const user = await runAekit(['reconstruct', '--model', 'run', '--dataset', 'digits.npy', '--split', 'train', '--count', '25', '--out', 'user.npy'], dir);
  assert.equal(user.code, 0, user.stderr);
  const userArray = readNpy(await fs.readFile(path.join(dir, 'user.npy')), 'user.npy');
  assert.equal(userArray.shape[0], 25);
  assert.ok(maxAbsDifference(userArray.data, expected.subarray(0, 25 * 784)) <= 1e-6);

  const tooMany = await runAekit(['reconstruct', '--model', 'run', '--count', '500', '--out', 'grid.png'], dir);
  assert.notEqual(tooMany.code, 0);
  assert.match(tooMany.stderr, /option --count: a PNG grid shows at most 100 images, got 500/);
});
