/** The data layer: builtin datasets (MNIST, Fashion-MNIST) and a user's own images or arrays. */
export * from './portable.js';
export type { LoadOptions } from './types.js';
export { loadBuiltinDataset } from './builtin.js';
export { loadUserDataset } from './user.js';
export { datasetCacheDir, locateBuiltinFiles, type LocatedFiles } from './locate.js';
export { readIdx, readIdxFile } from './idx.js';
export { NpyStreamWriter } from './npy.js';
export { streamIdxImages, streamBuiltinSplit, type ImageBatch, type IdxStreamOptions, type BuiltinStreamOptions } from './idx-stream.js';
export { parseCsvMatrix, parseCsvTable, MISSING_POLICIES, type CsvMatrix, type CsvTable, type CsvReadOptions, type ColumnRef, type MissingPolicy } from './csv.js';
export { decodeImage } from './image-decode.js';
export { loadDataset } from './load.js';

export { loadSplit, USER_TEST_FRACTION, type SplitOptions } from './splits.js';
