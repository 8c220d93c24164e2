/**
 * Reading the files of a saved model folder in Node as untrusted input: each JSON file is bounded
 * in size, parsed with an error naming it, and checked to be an object; binary files are checked
 * against the size their JSON declares before a byte of them is read.
 */
import { promises as fs } from 'node:fs';

/** The largest JSON file of a model folder aekit reads (a model.json of the largest model allowed is far smaller). */
export const MAX_JSON_BYTES = 16 << 20;

const describe = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value);

/** A JSON object from `file`; undefined when the file does not exist and `optional` is set. */
export async function readJsonObject(file: string, optional: true): Promise<Record<string, unknown> | undefined>;
export async function readJsonObject(file: string, optional?: false): Promise<Record<string, unknown>>;
export async function readJsonObject(file: string, optional = false): Promise<Record<string, unknown> | undefined> {
  const stat = await fs.stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' && optional) return undefined;
    throw new Error(`${file}: cannot read (${error.code === 'ENOENT' ? 'no such file' : error.message})`);
  });
  if (!stat) return undefined;
  if (!stat.isFile()) throw new Error(`${file}: expected a JSON file, found a folder or device`);
  if (stat.size > MAX_JSON_BYTES) throw new Error(`${file}: ${stat.size} bytes; a JSON file of a saved model is at most ${MAX_JSON_BYTES} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file}: expected a JSON object, found ${describe(value)}`);
  return value as Record<string, unknown>;
}

/** The whole of a binary file that must be exactly `expected` bytes long (checked before reading it). */
export async function readExactBytes(file: string, expected: number, why: string): Promise<Buffer<ArrayBuffer>> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new Error(`${file}: missing (${why})`);
  if (stat.size !== expected) throw new Error(`${file}: expected ${expected} bytes for ${why}, found ${stat.size}`);
  return fs.readFile(file);
}
