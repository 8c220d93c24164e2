/**
 * Writing .npy files in Node: a float32 array streamed to disk piece by piece. The format
 * (reading, encoding, headers) is npy-format.ts.
 */
import { openAtomicFile, type AtomicFile } from '../util/atomic.js';
import { float32LittleEndian, npyFloat32Header, shapeCount } from './npy-format.js';

export {
  decodeNpyValues, encodeNpy, npyFloat32Header, readNpy, readNpyLayout,
  type NpyArray, type NpyData, type NpyDtype, type NpyLayout,
} from './npy-format.js';

/**
 * Writes a float32 .npy of a known shape piece by piece, so an array larger than memory can be
 * saved. The file appears only when complete: values go to a temporary sibling that `finish`
 * renames over the target (the same crash-safety as util/atomic's writeFileAtomic).
 */
export class NpyStreamWriter {
  private written = 0;

  private constructor(
    readonly file: string,
    readonly shape: number[],
    private readonly out: AtomicFile,
    private readonly expected: number,
  ) {}

  /** Opens `file` (atomically: a temporary sibling until `finish`) for an array of `shape`. */
  static async create(file: string, shape: number[]): Promise<NpyStreamWriter> {
    const expected = shapeCount(shape, file);
    const writer = new NpyStreamWriter(file, shape, await openAtomicFile(file), expected);
    try {
      await writer.out.handle.write(npyFloat32Header(shape));
    } catch (error) {
      await writer.abort();
      throw error;
    }
    return writer;
  }

  /** Appends the next values in C order. */
  async append(values: Float32Array): Promise<void> {
    if (this.written + values.length > this.expected) {
      throw new Error(`${this.file}: shape (${this.shape.join(', ')}) holds ${this.expected} values; appending ${values.length} after ${this.written} is too many`);
    }
    await this.out.handle.write(float32LittleEndian(values));
    this.written += values.length;
  }

  /** Checks every value arrived, syncs and moves the file into place. */
  async finish(): Promise<void> {
    if (this.written !== this.expected) {
      await this.abort();
      throw new Error(`${this.file}: shape (${this.shape.join(', ')}) holds ${this.expected} values but only ${this.written} were written`);
    }
    await this.out.commit();
  }

  /** Drops the partial file; the target is left as it was. */
  async abort(): Promise<void> {
    await this.out.abort();
  }
}
