import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initBackend } from '../backend/select.js';
import { buildModel } from '../models/registry.js';
import { asSamples } from '../data/samples.js';
import { Random } from '../util/random.js';
import { ModelCheckpoint } from './callbacks/model-checkpoint.js';
import { fit } from './node-fit.js';
import { fit as fitAnywhere } from './trainer.js';

await initBackend({ backend: 'cpu' });

function randomSet(count: number): ReturnType<typeof asSamples> {
  const random = new Random(3);
  return asSamples(Float32Array.from({ length: count * 784 }, () => random.next()), count, [784]);
}

test("Node's fit lets ModelCheckpoint write a folder with the optimizer state; the page's fit refuses a folder by name", async () => {
  const dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-node-fit-')), 'best');
  const set = randomSet(32);
  const options = { epochs: 1, batchSize: 16, seed: 1, validationData: set };
  await fit(buildModel('dense', { seed: 1 }), set, { ...options, callbacks: [new ModelCheckpoint({ filepath: dir })] });
  assert.ok(existsSync(path.join(dir, 'aekit.json')) && existsSync(path.join(dir, 'optimizer.json')), 'folder with model and optimizer');
  await assert.rejects(
    fitAnywhere(buildModel('dense', { seed: 1 }), set, { ...options, callbacks: [new ModelCheckpoint({ filepath: `${dir}-2` })] }),
    /is not a model store URL .*saving to and loading from a folder needs aekit in Node/,
  );
});
