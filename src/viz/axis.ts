/**
 * Axis ranges and tick marks. Linear ticks are round numbers 1, 2 or 5 x 10^k apart; log ticks
 * are 1-2-(3-)5 or whole decades. The range covers the data plus a margin, never stretched to ticks.
 */
export interface Axis {
  min: number;
  max: number;
  log: boolean;
  ticks: number[];
  labels: string[];
}

/** The round step (1, 2 or 5 x 10^k) that cuts `span` into about `target` intervals. */
export function niceStep(span: number, target: number): number {
  if (!(span > 0) || !Number.isFinite(span)) throw new Error(`niceStep: span must be a positive finite number, got ${span}`);
  const raw = span / Math.max(1, target);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normalised = raw / magnitude;
  const multiple = normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10;
  return multiple * magnitude;
}

/** Multiples of a nice step that fall inside [min, max]. */
export function niceTicks(min: number, max: number, target = 5, minStep = 0): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) {
    throw new Error(`niceTicks: need finite min < max, got min=${min}, max=${max}`);
  }
  const step = Math.max(niceStep(max - min, target), minStep);
  const first = Math.ceil(min / step - 1e-9);
  const last = Math.floor(max / step + 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(clean(i * step));
  return ticks;
}

/** Ticks for a log axis over [min, max] (both > 0). */
export function logTicks(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min) || !Number.isFinite(max)) {
    throw new Error(`logTicks: need finite 0 < min < max, got min=${min}, max=${max}`);
  }
  const decades = Math.log10(max) - Math.log10(min);
  // Within a decade 1-2-5 leaves too few marks, so 3 joins them.
  const multiples = decades <= 1 ? [1, 2, 3, 5] : decades <= 2 ? [1, 2, 5] : [1];
  const decadeStep = Math.max(1, Math.ceil(decades / 8));
  const ticks: number[] = [];
  for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
    if (k % decadeStep !== 0) continue;
    for (const m of multiples) {
      const value = clean(m * 10 ** k);
      if (value >= min * (1 - 1e-9) && value <= max * (1 + 1e-9)) ticks.push(value);
    }
  }
  // Less than a 1-2-5 step of range: fall back to round linear steps, still placed on the log scale.
  return ticks.length >= 2 ? ticks : niceTicks(min, max, 4).filter((t) => t > 0);
}

/**
 * A linear axis over the data extent [lo, hi] widened by `margin` (a fraction of the span) on each
 * side. `minStep` 1 keeps ticks on whole numbers (epochs).
 */
export function linearAxis(lo: number, hi: number, margin: number, targetTicks: number, minStep = 0): Axis {
  const [min, max] = paddedRange(lo, hi, margin);
  const ticks = niceTicks(min, max, targetTicks, minStep);
  return { min, max, log: false, ticks, labels: formatLinearTicks(ticks, Math.max(niceStep(max - min, targetTicks), minStep)) };
}

/** A log10 axis over positive data [lo, hi], widened by `margin` of its span in decades. */
export function logAxis(lo: number, hi: number, margin: number): Axis {
  const [logMin, logMax] = lo === hi ? [Math.log10(lo) - 0.5, Math.log10(hi) + 0.5] : paddedRange(Math.log10(lo), Math.log10(hi), margin);
  const min = 10 ** logMin;
  const max = 10 ** logMax;
  const ticks = logTicks(min, max);
  return { min, max, log: true, ticks, labels: ticks.map(formatNumber) };
}

/** Where `value` sits along the axis, 0 at min and 1 at max. */
export function axisFraction(axis: Axis, value: number): number {
  if (axis.log) return (Math.log10(value) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min));
  return (value - axis.min) / (axis.max - axis.min);
}

/** Same number of decimals on every tick of an axis, so labels line up ("0.0", "0.5", "1.0"). */
export function formatLinearTicks(ticks: number[], step: number): string[] {
  const largest = Math.max(...ticks.map(Math.abs));
  if (largest >= 1e5 || step < 1e-4) return ticks.map(formatNumber);
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return ticks.map((t) => t.toFixed(decimals));
}

/** Short label for one number: plain between 0.001 and 100000, otherwise like "1e-5". */
export function formatNumber(value: number): string {
  const rounded = clean(value);
  if (rounded === 0) return '0';
  const magnitude = Math.abs(rounded);
  if (magnitude >= 1e-3 && magnitude < 1e5) return String(rounded);
  return rounded.toExponential().replace('e+', 'e');
}

/** [min, max] of the values, or undefined when there are none (a loop: spreading a long array overflows the stack). */
export function extent(values: readonly number[]): [number, number] | undefined {
  if (values.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}

function paddedRange(lo: number, hi: number, margin: number): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi < lo) throw new Error(`axis: need finite lo <= hi, got lo=${lo}, hi=${hi}`);
  // All-equal data still needs a visible range: centre it.
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * margin;
  return [lo - pad, hi + pad];
}

/** Drops floating-point dust (0.6000000000000001 -> 0.6) and negative zero. */
function clean(value: number): number {
  const rounded = Number(value.toPrecision(12));
  return rounded === 0 ? 0 : rounded;
}
