/**
 * Fetch a builtin dataset's files from mirrors the user named (`mirrors` option) into the cache.
 * Every file of the split is downloaded and its decompressed bytes checked against the known
 * SHA-256 before anything is written, so a bad mirror never leaves a half-valid cache behind.
 * Also the one place that opens a download (`openDownload`), for registry-download.ts too.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { gunzipOrThrow, isGzip } from './idx.js';

/** Generous: the largest download is 26 MB, and a slow link is better than a spurious failure. */
const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;

export interface DownloadRequest {
  /** IDX base names (no `.gz`) to fetch. */
  files: string[];
  /** Expected SHA-256 (hex) of each decompressed file, by base name. */
  sha256: Record<string, string>;
  mirrors: string[];
  targetDir: string;
  log?: ((msg: string) => void) | undefined;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function mirrorUrl(mirror: string, fileName: string): string {
  return new URL(fileName, mirror.endsWith('/') ? mirror : `${mirror}/`).toString();
}

/** Returns the paths written, one per requested file (gzip kept as served). */
export async function downloadVerified(request: DownloadRequest): Promise<{ paths: string[]; urls: string[] }> {
  const fetched: { target: string; body: Uint8Array; url: string }[] = [];
  for (const file of request.files) fetched.push(await fetchFromAnyMirror(file, request));
  for (const { target, body } of fetched) await writeFileAtomic(target, body);
  return { paths: fetched.map((f) => f.target), urls: fetched.map((f) => f.url) };
}

async function fetchFromAnyMirror(file: string, request: DownloadRequest) {
  const expected = request.sha256[file];
  if (!expected) throw new Error(`no known SHA-256 for ${file}; refusing to download an unverifiable file`);
  if (request.mirrors.length === 0) throw new Error(`cannot download ${file}: the mirror list is empty`);
  const failures: string[] = [];
  for (const mirror of request.mirrors) {
    const url = mirrorUrl(mirror, `${file}.gz`);
    request.log?.(`downloading ${url}`);
    try {
      const body = await fetchBytes(url);
      const what = `${file}.gz from ${url}`;
      const content = isGzip(body) ? gunzipOrThrow(body, what) : body;
      const actual = sha256Hex(content);
      if (actual !== expected) {
        throw new Error(`${what}: SHA-256 mismatch of the decompressed file: expected ${expected}, got ${actual}`);
      }
      const target = path.join(request.targetDir, isGzip(body) ? `${file}.gz` : file);
      return { target, body, url };
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new Error(`could not download ${file}:\n  ${failures.join('\n  ')}`);
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await openDownload(url)).arrayBuffer());
}

/** A successful response for `url` (its body not yet read); the error names the URL and what failed. */
export async function openDownload(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new Error(`${url}: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  return response;
}
