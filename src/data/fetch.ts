/**
 * A dataset from a URL, the way a page gets its data: IDX images (raw or gzipped, with an
 * optional IDX label file), a NumPy .npy array, or one PNG/JPEG image. The format is read from
 * the content, not the name. Works wherever `fetch` does (a page, a worker, Node 20); gzip is
 * undone with the platform's DecompressionStream, images are decoded by the browser.
 */
import { conformImages, idxDataset, npyDataset } from './arrays.js';
import { checkLimit, checkUserOptions } from './checks.js';
import { decodeImageInBrowser } from './image-decode-browser.js';
import { isGzip, parseIdx } from './idx-format.js';
import { readNpy } from './npy-format.js';
import { imageFormatOf, stackImages } from './pixels.js';
import type { ImageDataset, UserDataOptions } from './types.js';

export interface FetchDatasetOptions extends UserDataOptions {
  /** URL of the IDX label file that goes with IDX images. */
  labels?: string | URL;
  /** Options for each fetch (credentials, headers, an AbortSignal...). */
  init?: RequestInit;
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

function nameOf(url: string | URL): string {
  return String(url);
}

async function fetchBytes(url: string | URL, init: RequestInit | undefined): Promise<Uint8Array> {
  const what = nameOf(url);
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    throw new Error(`${what}: cannot fetch (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!response.ok) throw new Error(`${what}: HTTP ${response.status} ${response.statusText}`.trim());
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length === 0) throw new Error(`${what}: the file is empty`);
  return isGzip(bytes) ? gunzip(bytes, what) : bytes;
}

async function gunzip(bytes: Uint8Array, what: string): Promise<Uint8Array> {
  if (typeof DecompressionStream !== 'function') throw new Error(`${what}: is gzipped and this runtime has no DecompressionStream to undo it`);
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new Error(`${what}: not valid gzip (${error instanceof Error ? error.message : String(error)}); the file is corrupt or incomplete`);
  }
}

function looksLikeIdx(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x08;
}

async function idxFromUrl(bytes: Uint8Array, url: string | URL, options: FetchDatasetOptions, limit: number | undefined): Promise<ImageDataset> {
  const what = nameOf(url);
  const images = parseIdx(bytes, what, { expect: 'images', maxItems: limit });
  const labels = options.labels === undefined ? undefined : parseIdx(await fetchBytes(options.labels, options.init), nameOf(options.labels), { expect: 'labels', maxItems: limit });
  const names = { images: what, ...(options.labels !== undefined ? { labels: nameOf(options.labels) } : {}) };
  const dataset = idxDataset(images, labels, names, what);
  const conformed = conformImages(dataset.images, dataset.count, dataset.shape, options, what);
  return { ...dataset, ...conformed };
}

/** Fetches `url` and reads it as a dataset (pixels in [0, 1]); the error names the URL and what was wrong. */
export async function fetchDataset(url: string | URL, options: FetchDatasetOptions = {}): Promise<ImageDataset> {
  checkUserOptions(options);
  const limit = checkLimit(options.limit);
  const what = nameOf(url);
  const bytes = await fetchBytes(url, options.init);
  if (looksLikeIdx(bytes)) return idxFromUrl(bytes, url, options, limit);
  if (options.labels !== undefined) throw new Error(`${what}: a labels URL goes only with IDX images, and this is not an IDX file`);
  if (NPY_MAGIC.every((b, i) => bytes[i] === b)) return npyDataset(readNpy(bytes, what), options, limit, what);
  if (imageFormatOf(bytes)) return stackImages(1, () => decodeImageInBrowser(bytes, what), options, what);
  throw new Error(`${what}: not a dataset aekit reads (expected IDX images, raw or gzipped; a .npy array; or a PNG or JPEG image)`);
}
