import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TensorBoard } from './tensorboard.js';
import { fakeControl, runScripted } from '../../../testing/support/fake-control.js';

/*
 * An independent reader, written for this test: TFRecord framing with both CRCs checked, then the
 * Event / Summary / Value protobuf fields decoded from the wire format.
 */

const CASTAGNOLI = 0x82f63b78;

function crc32cBitwise(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ CASTAGNOLI : crc >>> 1;
  }
  return ~crc >>> 0;
}

function masked(bytes: Uint8Array): number {
  const crc = crc32cBitwise(bytes);
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

function readRecords(file: Uint8Array): Uint8Array[] {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const records: Uint8Array[] = [];
  let offset = 0;
  while (offset < file.length) {
    const length = Number(view.getBigUint64(offset, true));
    if (view.getUint32(offset + 8, true) !== masked(file.subarray(offset, offset + 8))) {
      throw new Error(`length CRC mismatch in record ${records.length}`);
    }
    const data = file.subarray(offset + 12, offset + 12 + length);
    if (data.length !== length || view.getUint32(offset + 12 + length, true) !== masked(data)) {
      throw new Error(`data CRC mismatch in record ${records.length}`);
    }
    records.push(data);
    offset += 12 + length + 4;
  }
  return records;
}

interface Field {
  field: number;
  wire: number;
  value: number | Uint8Array;
}

function readFields(bytes: Uint8Array): Field[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fields: Field[] = [];
  let offset = 0;
  const readVarint = () => {
    let result = 0;
    let scale = 1;
    for (;;) {
      const byte = bytes[offset++]!;
      result += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return result;
    }
  };
  while (offset < bytes.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) fields.push({ field, wire, value: readVarint() });
    else if (wire === 1) {
      fields.push({ field, wire, value: view.getFloat64(offset, true) });
      offset += 8;
    } else if (wire === 5) {
      fields.push({ field, wire, value: view.getFloat32(offset, true) });
      offset += 4;
    } else if (wire === 2) {
      const length = readVarint();
      fields.push({ field, wire, value: bytes.subarray(offset, offset + length) });
      offset += length;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return fields;
}

interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion?: string;
  scalars: Record<string, number>;
}

function decodeEvent(bytes: Uint8Array): DecodedEvent {
  const event: DecodedEvent = { wallTime: NaN, step: 0, scalars: {} };
  for (const { field, value } of readFields(bytes)) {
    if (field === 1) event.wallTime = value as number;
    else if (field === 2) event.step = value as number;
    else if (field === 3) event.fileVersion = new TextDecoder().decode(value as Uint8Array);
    else if (field === 5) {
      for (const entry of readFields(value as Uint8Array)) {
        assert.equal(entry.field, 1, 'Summary holds only Value entries');
        const parts = readFields(entry.value as Uint8Array);
        const tag = new TextDecoder().decode(parts.find((p) => p.field === 1)!.value as Uint8Array);
        const simple = parts.find((p) => p.field === 2 && p.wire === 5);
        event.scalars[tag] = simple!.value as number;
      }
    } else throw new Error(`unexpected Event field ${field}`);
  }
  return event;
}

async function onlyEventFile(dir: string): Promise<string> {
  const names = await fs.readdir(dir);
  assert.equal(names.length, 1, `one file in ${dir}: ${names.join(', ')}`);
  assert.match(names[0]!, new RegExp(`^events\\.out\\.tfevents\\.17000000\\d\\d\\.${os.hostname().replace(/\./g, '\\.')}\\.`));
  return path.join(dir, names[0]!);
}

async function tempDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aekit-tb-'));
  after(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}

const EPOCH_LOGS = [
  { loss: 0.5, kl: 2.25, lr: 0.001, val_loss: 0.625, val_kl: 2.5, size: 300 },
  { loss: 0.25, kl: 1.5, lr: 0.001, val_loss: 0.375, val_kl: 1.75, size: 300 },
  { loss: 0.125, kl: 1, lr: 0.0002, val_loss: 0.3, val_kl: 1.2, size: 300 },
];

test('TensorBoard writes train/ and validation/ event files that parse back with valid CRCs', async () => {
  const logDir = await tempDir();
  let clock = 1_700_000_000_000;
  const board = new TensorBoard({ logDir, now: () => (clock += 500) });
  await runScripted([board], EPOCH_LOGS, fakeControl());

  const trainEvents = readRecords(await fs.readFile(await onlyEventFile(path.join(logDir, 'train')))).map(decodeEvent);
  const validationEvents = readRecords(await fs.readFile(await onlyEventFile(path.join(logDir, 'validation')))).map(decodeEvent);
  for (const events of [trainEvents, validationEvents]) {
    assert.equal(events[0]!.fileVersion, 'brain.Event:2');
    assert.deepEqual(events.slice(1).map((e) => e.step), [0, 1, 2]);
    const times = events.map((e) => e.wallTime);
    assert.ok(times.every((t, i) => t > 1_700_000_000 && (i === 0 || t > times[i - 1]!)), `wall times: ${times}`);
  }
  // simple_value is a float32, so compare with the float32 rounding of each logged value.
  const f32 = Math.fround;
  assert.deepEqual(
    trainEvents.slice(1).map((e) => e.scalars),
    EPOCH_LOGS.map((l) => ({ epoch_loss: f32(l.loss), epoch_kl: f32(l.kl), epoch_lr: f32(l.lr) })),
  );
  assert.deepEqual(
    validationEvents.slice(1).map((e) => e.scalars),
    EPOCH_LOGS.map((l) => ({ epoch_loss: f32(l.val_loss), epoch_kl: f32(l.val_kl) })),
  );
});

test('the test reader rejects a flipped byte in the length or the data', async () => {
  const logDir = await tempDir();
  await runScripted([new TensorBoard({ logDir, now: () => 1_700_000_000_000 })], EPOCH_LOGS.slice(0, 1), fakeControl());
  const bytes = await fs.readFile(await onlyEventFile(path.join(logDir, 'train')));
  assert.equal(readRecords(bytes).length, 2);
  const firstLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const second = 12 + firstLength + 4;
  const flip = (index: number) => {
    const copy = Uint8Array.from(bytes);
    copy[index]! ^= 0x01;
    return copy;
  };
  assert.throws(() => readRecords(flip(second + 1)), /length CRC mismatch in record 1/);
  assert.throws(() => readRecords(flip(second + 20)), /data CRC mismatch in record 1/);
  assert.throws(() => readRecords(flip(14)), /data CRC mismatch in record 0/);
});

test('without validation logs there is no validation folder, as in Keras', async () => {
  const logDir = await tempDir();
  await runScripted([new TensorBoard({ logDir, now: () => 1_700_000_000_000 })], [{ loss: 1, lr: 0.01 }], fakeControl());
  assert.deepEqual(await fs.readdir(logDir), ['train']);
});
