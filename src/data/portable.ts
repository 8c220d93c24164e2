/**
 * The data layer's part that runs anywhere JavaScript does (a page, a worker, Node): formats,
 * conversions, data from URLs and from canvas pixels. index.ts adds the Node file readers.
 */
export type { BuiltinDatasetName, ImageDataset, Split, UserDataOptions } from './types.js';
export { BUILTIN_DATASETS, BUILTIN_DATASET_NAMES, isBuiltinDatasetName, splitFiles } from './builtin-catalog.js';
export { parseIdx, encodeIdx, type IdxArray, type IdxKind } from './idx-format.js';
export { readNpy, encodeNpy, npyFloat32Header, type NpyArray, type NpyData, type NpyDtype } from './npy-format.js';
export { formatCsvMatrix, formatFloat32 } from './csv-write.js';
export { rgbaToChannels, type DecodedImage } from './pixels.js';
export { resizeImage, convertChannels } from './resample.js';
export { fetchDataset, type FetchDatasetOptions } from './fetch.js';
export { fromImageData, type ImageDataLike } from './image-data.js';
export { SCALINGS, fitScaling, applyScaling, invertScaling, checkScalingKind, checkFittedScaling, type FittedScaling, type ScalingKind } from './scaling.js';
export { DATA_LIMITS } from './limits.js';
