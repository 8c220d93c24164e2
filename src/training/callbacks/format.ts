/** Number formats shared by every message and log line the callbacks print. */

/** Like Keras's progress bar: 4 decimals, or exponent form when the value is tiny. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && Math.abs(value) < 1e-3) return pythonExponential(value, 4);
  return value.toFixed(4);
}

/** Learning rates span decades, so always exponent form: 1.0e-3. */
export function formatLearningRate(value: number): string {
  return value.toExponential(1);
}

/** Python's `{:.Ne}`: at least two exponent digits (1.50e-04 where JavaScript writes 1.50e-4). */
export function pythonExponential(value: number, digits: number): string {
  return value.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2');
}
