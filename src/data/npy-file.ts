/**
 * A .npy file on disk read as untrusted input: only its header is read first; the header's size,
 * the shape it declares and the file's length are checked against each other before any value is
 * read, and then only the values asked for are read. A shape of a billion rows in a 1 KB file is
 * refused as truncated, never allocated.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { DATA_LIMITS } from './limits.js';
import { decodeNpyValues, readNpyLayout, type NpyData, type NpyLayout } from './npy-format.js';

export interface NpyFile {
  layout: NpyLayout;
  /** Values from the `first` (in C order) on, `count` of them, decoded. */
  read(first: number, count: number): Promise<NpyData>;
  close(): Promise<void>;
}

/** Preamble (magic, version, header length) of format 2.0 and 3.0; 1.0's is 10 bytes. */
const PREAMBLE_BYTES = 12;
const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

export async function openNpyFile(file: string): Promise<NpyFile> {
  const handle = await fs.open(file, 'r');
  try {
    const layout = await readCheckedLayout(handle, file);
    return {
      layout,
      async read(first, count) {
        const bytes = new Uint8Array(count * layout.itemSize);
        await handle.read(bytes, 0, bytes.length, layout.dataOffset + first * layout.itemSize);
        return decodeNpyValues(bytes, 0, count, layout.dtype, layout.littleEndian);
      },
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function readCheckedLayout(handle: FileHandle, file: string): Promise<NpyLayout> {
  const { size } = await handle.stat();
  const preamble = new Uint8Array(Math.min(size, PREAMBLE_BYTES));
  await handle.read(preamble, 0, preamble.length, 0);
  // A bad magic or version is readNpyLayout's to report, before the header length means anything.
  if (preamble.length < PREAMBLE_BYTES || !NPY_MAGIC.every((byte, i) => preamble[i] === byte) || ![1, 2, 3].includes(preamble[6]!)) readNpyLayout(preamble, file);
  const view = new DataView(preamble.buffer);
  // The header length field: 2 bytes in format 1.0, 4 in 2.0 and 3.0.
  const declared = preamble[6] === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (declared > DATA_LIMITS.npyHeaderBytes) {
    throw new Error(`${file}: .npy header declares ${declared} bytes; at most ${DATA_LIMITS.npyHeaderBytes} are read (numpy writes a few hundred)`);
  }
  const head = new Uint8Array(Math.min(size, PREAMBLE_BYTES + declared));
  await handle.read(head, 0, head.length, 0);
  const layout = readNpyLayout(head, file);
  const values = layout.shape.reduce((a, b) => a * b, 1);
  const found = size - layout.dataOffset;
  if (found !== values * layout.itemSize) {
    const problem = found < values * layout.itemSize ? 'truncated' : 'size mismatch';
    throw new Error(`${file}: ${problem}: shape (${layout.shape.join(', ')}) of ${layout.dtype} needs ${values * layout.itemSize} bytes of data, found ${found}`);
  }
  return layout;
}
