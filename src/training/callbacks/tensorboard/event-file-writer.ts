/**
 * A TensorBoard event file: TFRecord records (length, masked CRC of the length, data, masked CRC
 * of the data) of serialized `Event`s. The file starts with the version event, written
 * atomically; scalar events are then appended, so a live TensorBoard sees each epoch as it ends.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../../util/atomic.js';
import { namedWrite } from '../../../util/file-errors.js';
import { maskedCrc32c } from './crc32c.js';
import { fileVersionEvent, scalarsEvent } from './protobuf.js';

export function tfRecord(data: Uint8Array): Uint8Array {
  const record = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(record.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(record.subarray(0, 8)), true);
  record.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return record;
}

let filesCreated = 0;

export class EventFileWriter {
  private constructor(readonly file: string) {}

  /** Creates `dir/events.out.tfevents.<seconds>.<host>.<pid>.<n>` holding the version event. */
  static async create(dir: string, now: () => number = Date.now): Promise<EventFileWriter> {
    const seconds = Math.floor(now() / 1000);
    filesCreated += 1;
    const file = path.join(dir, `events.out.tfevents.${seconds}.${os.hostname()}.${process.pid}.${filesCreated}`);
    await writeFileAtomic(file, tfRecord(fileVersionEvent(now() / 1000)));
    return new EventFileWriter(file);
  }

  async addScalars(step: number, scalars: Record<string, number>, wallTimeMs: number = Date.now()): Promise<void> {
    if (Object.keys(scalars).length === 0) return;
    await namedWrite(this.file, () => fs.appendFile(this.file, tfRecord(scalarsEvent(wallTimeMs / 1000, step, scalars))));
  }
}
