/**
 * Numbers as the trainer needs them: finite float32. A NaN, an infinity, or a float64 too large
 * for float32 (it would become Infinity) trains a model to NaN weights; it is refused at load,
 * naming the file and where the first one is.
 */
import { bytesToUnitFloats } from './checks.js';
import type { NpyData } from './npy-format.js';

const FLOAT32_MAX = 3.4028234663852886e38;

/** Where flat value `i` of rows of `rowShape` lies: row, column within the row, full index (from 0). */
function position(i: number, firstRow: number, rowShape: number[]): string {
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  const row = firstRow + Math.floor(i / rowSize);
  const column = i % rowSize;
  const index: number[] = [];
  let rest = column;
  for (let d = rowShape.length - 1; d >= 0; d--) {
    index.unshift(rest % rowShape[d]!);
    rest = Math.floor(rest / rowShape[d]!);
  }
  return `row ${row}, column ${column} (index [${[row, ...index].join(', ')}], counting from 0)`;
}

/**
 * The values as float32 (uint8 as pixels scaled to [0, 1], anything else as it is), refusing the
 * first one that is not a finite float32. `firstRow` and `rowShape` place it in the file.
 */
export function finiteFloat32(values: NpyData, what: string, firstRow: number, rowShape: number[]): Float32Array {
  if (values instanceof Uint8Array) return bytesToUnitFloats(values);
  const out = Float32Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (Number.isFinite(out[i]!)) continue;
    const original = values[i]!;
    const problem = Number.isNaN(original)
      ? 'is NaN'
      : Number.isFinite(original)
        ? `is ${original}, beyond float32's largest value ${FLOAT32_MAX.toPrecision(3)} (it would become ${original > 0 ? '' : '-'}Infinity)`
        : `is ${original}`;
    throw new Error(`${what}: ${position(i, firstRow, rowShape)} ${problem}; aekit trains on finite numbers: replace or drop such values (e.g. numpy.nan_to_num) first`);
  }
  return out;
}
