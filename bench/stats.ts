/** The few statistics the bench reports. */

export function median(values: number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** aekit / PyTorch, or undefined when either side is missing. */
export function ratio(aekit: number | undefined, reference: number | undefined): number | undefined {
  if (aekit === undefined || reference === undefined || !(reference > 0)) return undefined;
  return aekit / reference;
}
