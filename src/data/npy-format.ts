/**
 * NumPy's .npy format (https://numpy.org/neps/nep-0001-npy-format.html): magic "\x93NUMPY",
 * version, a little-endian header length, a Python-dict header (descr, fortran_order, shape),
 * then the raw values. We read the dtypes image data comes in and write float32.
 * Environment-neutral (bytes in, bytes out); the streaming file writer is npy.ts (Node).
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const HOST_LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

export type NpyDtype = 'float32' | 'float64' | 'int32' | 'uint8';
export type NpyData = Float32Array | Float64Array | Int32Array | Uint8Array;

export interface NpyArray {
  shape: number[];
  data: NpyData;
  dtype: NpyDtype;
}

const DTYPES: Record<string, { dtype: NpyDtype; size: number }> = {
  f4: { dtype: 'float32', size: 4 },
  f8: { dtype: 'float64', size: 8 },
  i4: { dtype: 'int32', size: 4 },
  u1: { dtype: 'uint8', size: 1 },
};

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

function parseHeader(bytes: Uint8Array, what: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new Error(`${what}: not a .npy file (it does not start with the magic "\\x93NUMPY")`);
  }
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new Error(`${what}: truncated .npy header`);
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new Error(`${what}: .npy format version ${major}.${bytes[7]} is not supported (expected 1.0, 2.0 or 3.0)`);
  }
  const dataOffset = headerStart + headerLength;
  if (bytes.length < dataOffset) {
    throw new Error(`${what}: truncated .npy header (declares ${headerLength} bytes, file has ${bytes.length - headerStart})`);
  }
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataOffset));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`${what}: unreadable .npy header ${JSON.stringify(text.trim())} (expected descr, fortran_order and shape)`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const n = Number(s.replace(/L$/, ''));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${what}: bad dimension '${s}' in .npy shape (${shapeText})`);
      return n;
    });
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset };
}

/** Where an array's values lie in a .npy file and how to read them: its checked header. */
export interface NpyLayout {
  shape: number[];
  dtype: NpyDtype;
  /** Bytes per value. */
  itemSize: number;
  littleEndian: boolean;
  /** Offset of the first value. */
  dataOffset: number;
}

/** The header of a .npy file (its first bytes suffice: at most 65,548 for format 1.0), checked for what aekit reads. */
export function readNpyLayout(bytes: Uint8Array, what: string): NpyLayout {
  const header = parseHeader(bytes, what);
  if (header.fortranOrder && header.shape.length > 1) {
    throw new Error(
      `${what}: array is stored in Fortran (column-major) order, which is not supported; ` +
        `save it in C order, e.g. np.save(path, np.ascontiguousarray(array))`,
    );
  }
  const order = header.descr[0];
  const kind = DTYPES[header.descr.slice(1)];
  if (!kind || !['<', '>', '|', '='].includes(order ?? '')) {
    throw new Error(`${what}: dtype '${header.descr}' is not supported (expected float32 '<f4', float64 '<f8', int32 '<i4' or uint8 '|u1')`);
  }
  const littleEndian = order === '<' || order === '|' || (order === '=' && HOST_LITTLE_ENDIAN);
  return { shape: header.shape, dtype: kind.dtype, itemSize: kind.size, littleEndian, dataOffset: header.dataOffset };
}

/** The array in .npy bytes (float32/64, int32, uint8) as float32 with its shape; `what` names the source in errors. */
export function readNpy(bytes: Uint8Array, what: string): NpyArray {
  const layout = readNpyLayout(bytes, what);
  const count = layout.shape.reduce((a, b) => a * b, 1);
  const byteLength = count * layout.itemSize;
  const found = bytes.length - layout.dataOffset;
  if (found !== byteLength) {
    const problem = found < byteLength ? 'truncated' : 'size mismatch';
    throw new Error(
      `${what}: ${problem}: shape (${layout.shape.join(', ')}) of ${layout.dtype} needs ${byteLength} bytes of data, found ${found}`,
    );
  }
  return { shape: layout.shape, data: decodeNpyValues(bytes, layout.dataOffset, count, layout.dtype, layout.littleEndian), dtype: layout.dtype };
}

/** `count` values of `dtype` from `offset` of the bytes, in a fresh aligned array. */
export function decodeNpyValues(bytes: Uint8Array, offset: number, count: number, dtype: NpyDtype, littleEndian: boolean): NpyData {
  const size = dtype === 'uint8' ? 1 : dtype === 'float64' ? 8 : 4;
  // Copy into a fresh, aligned buffer the typed array can view directly. (Not bytes.slice():
  // on a Node Buffer that is a view into a shared pool, not a copy.)
  const copy = new Uint8Array(bytes.subarray(offset, offset + count * size)).buffer;
  if (dtype === 'uint8') return new Uint8Array(copy);
  if (littleEndian === HOST_LITTLE_ENDIAN) {
    return dtype === 'float32' ? new Float32Array(copy) : dtype === 'float64' ? new Float64Array(copy) : new Int32Array(copy);
  }
  const view = new DataView(copy);
  const out = dtype === 'float32' ? new Float32Array(count) : dtype === 'float64' ? new Float64Array(count) : new Int32Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = dtype === 'float32' ? view.getFloat32(i * 4, littleEndian) : dtype === 'float64' ? view.getFloat64(i * 8, littleEndian) : view.getInt32(i * 4, littleEndian);
  }
  return out;
}

/** A float32 little-endian .npy (format 1.0), readable by numpy.load. */
export function encodeNpy(data: Float32Array, shape: number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (shape.some((d) => !Number.isInteger(d) || d < 0) || count !== data.length) {
    throw new Error(`encodeNpy: shape (${shape.join(', ')}) holds ${count} values but the data has ${data.length}`);
  }
  const header = npyFloat32Header(shape);
  const out = new Uint8Array(header.length + data.length * 4);
  out.set(header, 0);
  out.set(float32LittleEndian(data), header.length);
  return out;
}

export function shapeCount(shape: number[], what: string): number {
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`${what}: shape (${shape.join(', ')}) must be non-negative integers`);
  }
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Magic, version and header dict of a float32 C-order .npy of this shape: everything before the
 * values, so a writer that knows the shape up front can stream the values after it.
 */
export function npyFloat32Header(shape: number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // numpy pads the header with spaces and a newline so the data starts on a 64-byte boundary.
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
  dict += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const dictBytes = new TextEncoder().encode(dict);
  const out = new Uint8Array(10 + dictBytes.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, dictBytes.length, true);
  out.set(dictBytes, 10);
  return out;
}

/** The little-endian bytes of float32 values (a view, not a copy, on little-endian hosts). */
export function float32LittleEndian(data: Float32Array): Uint8Array {
  if (HOST_LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return out;
}

