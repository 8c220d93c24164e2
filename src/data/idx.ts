/**
 * IDX bytes in Node: gunzipped in memory within a bound, or read from disk by idx-file.ts (raw or
 * gzipped, bounded by the header, checked to the end). The format itself (parsing, checks,
 * messages) is idx-format.ts.
 */
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { checkImageLabelCounts, isGzip, MAX_HEADER_BYTES, notGzipError, parseIdx, type IdxArray, type IdxKind } from './idx-format.js';
import { DATA_LIMITS } from './limits.js';

export { readHead, readIdxFile } from './idx-file.js';

export { checkPayload, headerLength, isGzip, MAX_HEADER_BYTES, notGzipError, parseIdx, type IdxArray, type IdxKind, type IdxPrefix, type ParseOptions } from './idx-format.js';

/** The IDX bytes of a file that may or may not be gzipped. */
function decompressIfGzip(bytes: Uint8Array, what: string): Uint8Array {
  return isGzip(bytes) ? gunzipOrThrow(bytes, what) : bytes;
}

/** Gunzips bytes held in memory, refusing to inflate past what any IDX file may hold. */
export function gunzipOrThrow(bytes: Uint8Array, what: string): Uint8Array {
  const maxOutputLength = MAX_HEADER_BYTES + DATA_LIMITS.idxPayloadBytes;
  try {
    return gunzipSync(bytes, { maxOutputLength });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`${what}: decompresses to more than ${maxOutputLength} bytes, more than an IDX file may hold`);
    }
    throw notGzipError(what, error);
  }
}

/** Parse a whole IDX file (gunzipping it first if it starts with the gzip magic 1f 8b). */
export function readIdx(bytes: Uint8Array, what: string, expect?: IdxKind): IdxArray {
  const { dims, data } = parseIdx(decompressIfGzip(bytes, what), what, { expect });
  return { dims, data };
}

/** An image file and its label file must describe the same number of examples. */
export function checkPairCounts(imagesFile: string, imageCount: number, labelsFile: string, labelCount: number, where: string): void {
  checkImageLabelCounts(path.basename(imagesFile), imageCount, path.basename(labelsFile), labelCount, where);
}
