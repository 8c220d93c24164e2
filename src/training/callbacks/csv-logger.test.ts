import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CSVLogger } from './csv-logger.js';
import { fakeControl, runScripted } from '../../../testing/support/fake-control.js';

async function tempFile(name: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-csv-'));
  after(() => fs.rm(dir, { recursive: true, force: true }));
  return path.join(dir, name);
}

test('CSVLogger writes the Keras format: epoch from 0, then sorted metric columns', async () => {
  const file = await tempFile('log.csv');
  const logs = [
    { val_loss: 0.6, loss: 0.5, lr: 0.001 },
    { loss: 0.25, val_loss: 0.375, lr: 0.0005 },
  ];
  await runScripted([new CSVLogger({ filename: file })], logs, fakeControl());
  assert.equal(await fs.readFile(file, 'utf8'), 'epoch,loss,lr,val_loss\n0,0.5,0.001,0.6\n1,0.25,0.0005,0.375\n');
  // Without append, a new run starts the file again.
  await runScripted([new CSVLogger({ filename: file, separator: ';' })], [{ loss: 1 }], fakeControl());
  assert.equal(await fs.readFile(file, 'utf8'), 'epoch;loss\n0;1\n');
});

test('CSVLogger append mode continues a resumed run under the existing header', async () => {
  const file = await tempFile('log.csv');
  await runScripted([new CSVLogger({ filename: file, append: true })], [{ loss: 0.5, val_loss: 0.6 }], fakeControl());
  const messages: string[] = [];
  const resumed = new CSVLogger({ filename: file, append: true, log: (m) => messages.push(m) });
  // Epoch 2 lacks val_loss (NA, as in Keras); epoch 1 brings a new key the header has no column for.
  await runScripted([resumed], [{ val_loss: 0.4, loss: 0.3, kl: 2 }, { loss: 0.2 }], fakeControl(), { firstEpoch: 1 });
  assert.equal(await fs.readFile(file, 'utf8'), 'epoch,loss,val_loss\n0,0.5,0.6\n1,0.3,0.4\n2,0.2,NA\n');
  assert.equal(messages.length, 1);
  assert.match(messages[0]!, /no column for kl/);
});

test('CSVLogger refuses to append to a file that is not its format', async () => {
  const file = await tempFile('other.csv');
  await fs.writeFile(file, 'name,score\na,1\n');
  const logger = new CSVLogger({ filename: file, append: true });
  await assert.rejects(logger.onTrainBegin(), /cannot append to '.*other.csv': its header should start with 'epoch,', found 'name,score'/);
});
