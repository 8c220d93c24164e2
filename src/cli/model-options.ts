/**
 * `-o key=value` model options: parsed as JSON where they look like JSON, then checked by building
 * the model once before any work starts, so a bad option is a usage error (exit 2) and nothing
 * is written.
 */
import { buildModel } from '../models/registry.js';
import type { ReconstructionLoss } from '../models/autoencoder.js';
import { UsageError } from './errors.js';

export const MODEL_OPTION_HELP = 'model option key=value, repeatable (e.g. -o codeSize=64 -o hidden=[512,128]; `aekit summary --help` lists each model\'s options)';

/** Commander's collector for -o: numbers, lists and booleans as JSON, anything else as a word. */
export function collectModelOption(value: string, previous: Record<string, unknown>): Record<string, unknown> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new UsageError(`option -o: expected key=value (e.g. codeSize=64 or hidden=[512,128]), got '${value}'`);
  const key = value.slice(0, eq);
  const raw = value.slice(eq + 1).trim();
  let parsed: unknown = raw;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // A list or an object that does not parse is a typo, not a word.
    if (/^[[{"]/.test(raw)) throw new UsageError(`option -o ${key}: '${raw}' is not valid JSON (a list is written like [512,128])`);
  }
  return { ...previous, [key]: parsed };
}

/**
 * Builds the model once with these options (at its default input shape) and throws a UsageError
 * naming the option when it cannot be built.
 */
export function checkModelOptions(name: string, options: Record<string, unknown>, loss?: ReconstructionLoss): void {
  let trial;
  try {
    trial = buildModel(name, { options, ...(loss ? { loss } : {}) });
  } catch (error) {
    const given = Object.entries(options).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ');
    throw new UsageError(`option -o${given ? ` (${given})` : ''}: ${(error as Error).message}`);
  }
  trial.dispose();
}
