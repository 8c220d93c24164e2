/**
 * Saving and loading models: aekit's run folders (TF.js layers + aekit.json + optimizer state) and
 * the tf.io stores of portable.ts; exporting them as ONNX, Keras 3 and TF.js.
 */
export * from './portable.js';
export { loadAutoencoder, saveAutoencoder, type LoadedAutoencoder, type SaveExtras } from './model-io.js';
export { exportModel, type ExportResult } from './export/export-model.js';
export { exportBytes, EXPORT_FORMATS, type ExportBytes, type ExportFormat, type ExportOptions } from './export/export-bytes.js';
export { EXPORT_PARTS, type ExportPart } from './export/parts.js';
export type { ExportMetadata, MetadataInput } from './export/metadata.js';
