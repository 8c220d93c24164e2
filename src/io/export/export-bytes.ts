/**
 * An autoencoder (or one of its parts) as the bytes of an exported file, without touching the
 * file system: the ONNX protobuf, the Keras 3 archive, or TF.js's model.json + weights.bin.
 * Writing them to disk is export-model.ts's job.
 */
import type { Autoencoder } from '../../models/autoencoder.js';
import { VERSION } from '../../util/version.js';
import { writeOnnx } from '../onnx/write-onnx.js';
import { exportMetadata, metadataEntries, type MetadataInput } from './metadata.js';
import { partGraph, type ExportPart } from './parts.js';
import { tfjsArtifacts, type TfjsArtifacts } from './tfjs-format.js';

/** The formats `exportModel` writes. */
export const EXPORT_FORMATS = ['onnx', 'keras', 'tfjs'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: ExportFormat;
  /** Default 'autoencoder'. */
  part?: ExportPart;
  metadata?: MetadataInput;
}

export type ExportBytes =
  | { format: 'onnx' | 'keras'; bytes: Uint8Array }
  | { format: 'tfjs'; artifacts: TfjsArtifacts };

/** A model (or its encoder or decoder) as ONNX, Keras 3 or TF.js bytes, in memory. */
export async function exportBytes(autoencoder: Autoencoder, options: ExportOptions): Promise<ExportBytes> {
  const part = options.part ?? 'autoencoder';
  const { graph, outputNames } = partGraph(autoencoder, part);
  const metadata = exportMetadata(autoencoder, part, options.metadata);
  const where = `export of model '${autoencoder.name}' (${part}) as ${options.format}`;
  try {
    if (options.format === 'onnx') {
      const bytes = writeOnnx(graph, {
        outputNames,
        metadata: metadataEntries(metadata),
        producerVersion: VERSION,
        docString: `aekit ${autoencoder.name} ${part}; inputs ${metadata.input_layout}`,
      });
      return { format: 'onnx', bytes };
    }
    if (options.format === 'keras') {
      const { writeKeras3 } = await import('../keras/write-keras.js');
      return { format: 'keras', bytes: await writeKeras3(graph, metadata) };
    }
    return { format: 'tfjs', artifacts: tfjsArtifacts(graph, `aekit ${VERSION}`, metadataEntries(metadata)) };
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
}
