/**
 * Maps a request path onto a file inside one root folder, refusing everything that could reach
 * outside it: '..' and '.' segments (also percent-encoded), encoded slashes and backslashes, NUL
 * bytes, empty segments (so '//etc/passwd' is no absolute path), and symlinks whose target lies
 * outside the root. The check runs on the raw URL path, before any normalisation could hide a '..'.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { HttpError } from './http-util.js';

/** Decoded path segments of a raw URL path (without query), or a 400/403 HttpError. */
export function safeSegments(rawPath: string): string[] {
  if (rawPath === '') return [];
  const segments = rawPath.split('/');
  return segments.map((encoded) => {
    let segment: string;
    try {
      segment = decodeURIComponent(encoded);
    } catch {
      throw new HttpError(400, `path: malformed percent-encoding in '${encoded}'`);
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment) || path.isAbsolute(segment)) {
      throw new HttpError(403, `path: segment '${encoded}' is not allowed (only plain names inside the served folder)`);
    }
    return segment;
  });
}

function isInside(realRoot: string, real: string): boolean {
  return real === realRoot || real.startsWith(realRoot + path.sep);
}

/**
 * The real path of `segments` under `root`, after following symlinks; 403 if it lies outside
 * the root, 404 if it does not exist.
 */
export async function resolveInside(root: string, segments: string[]): Promise<string> {
  const realRoot = await fs.realpath(root);
  const candidate = path.join(realRoot, ...segments);
  let real: string;
  try {
    real = await fs.realpath(candidate);
  } catch {
    throw new HttpError(404, `not found: /${segments.join('/')}`);
  }
  if (!isInside(realRoot, real)) {
    throw new HttpError(403, `path: /${segments.join('/')} leads outside the served folder`);
  }
  return real;
}

/**
 * The real path of a file or folder the server is about to read, which must lie inside `root`
 * once symlinks are followed (403 otherwise); undefined when it (or the root) does not exist.
 */
export async function realPathInside(root: string, file: string): Promise<string | undefined> {
  const [realRoot, real] = await Promise.all([fs.realpath(root).catch(() => undefined), fs.realpath(file).catch(() => undefined)]);
  // A runs folder not created yet holds nothing.
  if (realRoot === undefined || real === undefined) return undefined;
  if (!isInside(realRoot, real)) throw new HttpError(403, `path: ${path.relative(root, file) || '.'} leads outside the runs folder`);
  return real;
}

/** Reads files only inside `root` (symlinks followed, then checked): what the JSON API reads through. */
export function confinedReader(root: string): (file: string) => Promise<string | undefined> {
  return async (file) => {
    const real = await realPathInside(root, file);
    return real === undefined ? undefined : fs.readFile(real, 'utf8').catch(() => undefined);
  };
}

/** Refuses a folder (a saved model) any file of which leads outside `root` (looking `depth` folders down). */
export async function checkTreeInside(root: string, dir: string, depth = 3): Promise<void> {
  if ((await realPathInside(root, dir)) === undefined) return;
  for (const name of await fs.readdir(dir)) {
    const child = path.join(dir, name);
    await realPathInside(root, child);
    if (depth > 0 && (await fs.stat(child).catch(() => undefined))?.isDirectory()) await checkTreeInside(root, child, depth - 1);
  }
}

/** A regular file inside `root` (folders are refused: no directory listings). */
export async function resolveFileInside(root: string, rawPath: string): Promise<string> {
  const file = await resolveInside(root, safeSegments(rawPath));
  const stat = await fs.stat(file);
  if (!stat.isFile()) throw new HttpError(404, `not a file: /${rawPath}`);
  return file;
}
