/**
 * `exportModel`: an autoencoder (or a part) written as an ONNX file, a Keras 3 `.keras` file or
 * a TF.js layers folder (model.json + weights.bin). Files are written whole or not at all (a
 * temporary sibling renamed into place).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Autoencoder } from '../../models/autoencoder.js';
import { replaceFolderAtomic, writeFileAtomic } from '../../util/atomic.js';
import { exportBytes, type ExportFormat, type ExportOptions } from './export-bytes.js';
import type { ExportPart } from './parts.js';

export interface ExportResult {
  format: ExportFormat;
  part: ExportPart;
  /** The file (or, for tfjs, the folder) written. */
  path: string;
  bytes: number;
}

/**
 * Writes a model (or its encoder or decoder) as ONNX, Keras 3 (.keras) or TF.js files, atomically.
 *
 * @example
 * await io.exportModel(autoencoder, 'model.onnx', { format: 'onnx', part: 'autoencoder', metadata: { threshold: 0.031 } });
 */
export async function exportModel(autoencoder: Autoencoder, out: string, options: ExportOptions): Promise<ExportResult> {
  const exported = await exportBytes(autoencoder, options);
  const part = options.part ?? 'autoencoder';
  if (exported.format !== 'tfjs') {
    await writeFileAtomic(out, exported.bytes);
    return { format: exported.format, part, path: out, bytes: exported.bytes.byteLength };
  }
  const { modelJson, weights } = exported.artifacts;
  const json = JSON.stringify(modelJson);
  await replaceFolderAtomic(out, async (dir) => {
    await fs.writeFile(path.join(dir, 'model.json'), json);
    await fs.writeFile(path.join(dir, 'weights.bin'), weights);
  });
  return { format: 'tfjs', part, path: out, bytes: Buffer.byteLength(json) + weights.byteLength };
}
