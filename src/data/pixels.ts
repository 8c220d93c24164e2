/** Small conversions shared by every loader. */

/** uint8 pixels to floats in [0, 1]. */
export function bytesToUnitFloats(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}

/** Checks a `limit` option; returns undefined when absent. */
export function checkLimit(limit: number | undefined, what = 'limit'): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`${what} must be a positive integer, got ${limit}`);
  return limit;
}
