/** The data layer: builtin datasets (MNIST, Fashion-MNIST) and a user's own images or arrays. */
export type { BuiltinDatasetName, ImageDataset, LoadOptions, Split, UserDataOptions } from './types.js';
export { BUILTIN_DATASETS, BUILTIN_DATASET_NAMES, isBuiltinDatasetName, splitFiles } from './builtin-catalog.js';
export { loadBuiltinDataset } from './builtin.js';
export { loadUserDataset } from './user.js';
export { datasetCacheDir, locateBuiltinFiles, type LocatedFiles } from './locate.js';
export { readIdx, readIdxFile, type IdxArray, type IdxKind } from './idx.js';
export { readNpy, encodeNpy, npyFloat32Header, NpyStreamWriter, type NpyArray, type NpyData, type NpyDtype } from './npy.js';
export { streamIdxImages, streamBuiltinSplit, type ImageBatch, type IdxStreamOptions, type BuiltinStreamOptions } from './idx-stream.js';
export { parseCsvMatrix, parseCsvTable, formatCsvMatrix, formatFloat32, MISSING_POLICIES, type CsvMatrix, type CsvTable, type CsvReadOptions, type ColumnRef, type MissingPolicy } from './csv.js';
export { decodeImage, rgbaToChannels, type DecodedImage } from './image-decode.js';
export { resizeImage, convertChannels } from './resample.js';
export { loadDataset } from './load.js';

export { loadSplit, USER_TEST_FRACTION, type SplitOptions } from './splits.js';
export { SCALINGS, fitScaling, applyScaling, invertScaling, checkScalingKind, checkFittedScaling, type FittedScaling, type ScalingKind } from './scaling.js';
