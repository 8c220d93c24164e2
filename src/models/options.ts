/**
 * Reading a variant's options out of its spec with one clear error per bad value, naming the
 * model, the option, what was expected and what was found.
 */
import type { ModelSpec } from './autoencoder.js';

function fail(spec: ModelSpec, key: string, expected: string, found: unknown): never {
  throw new Error(`model '${spec.name}': option '${key}' must be ${expected}, got ${JSON.stringify(found)}`);
}

export function numberOption(spec: ModelSpec, key: string, min = -Infinity, max = Infinity): number {
  const value = spec.options[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    fail(spec, key, `a number${min > -Infinity ? ` >= ${min}` : ''}${max < Infinity ? ` and <= ${max}` : ''}`, value);
  }
  return value;
}

export function integerOption(spec: ModelSpec, key: string, min = 1): number {
  const value = spec.options[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) fail(spec, key, `a whole number >= ${min}`, value);
  return value;
}

export function integerListOption(spec: ModelSpec, key: string, minLength = 0, maxLength = Infinity): number[] {
  const value: unknown = spec.options[key];
  if (!Array.isArray(value) || value.length < minLength || value.length > maxLength || !value.every((v) => Number.isInteger(v) && v >= 1)) {
    const count = minLength === maxLength ? `${minLength}` : `${minLength === 0 ? '' : `at least ${minLength}`}${maxLength < Infinity ? `${minLength === 0 ? '' : ' and '}at most ${maxLength}` : ''}`;
    fail(spec, key, `a list of ${count ? `${count} ` : ''}whole numbers >= 1`, value);
  }
  return value;
}

export function choiceOption<T extends string>(spec: ModelSpec, key: string, choices: readonly T[]): T {
  const value = spec.options[key];
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) fail(spec, key, `one of ${choices.join(', ')}`, value);
  return value as T;
}

export function booleanOption(spec: ModelSpec, key: string): boolean {
  const value = spec.options[key];
  if (typeof value !== 'boolean') fail(spec, key, 'true or false', value);
  return value;
}
