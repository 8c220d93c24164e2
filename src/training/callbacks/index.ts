export * from './portable.js';
export { CSVLogger, csvLogText, type CSVLoggerOptions } from './csv-logger.js';
export { TensorBoard, type TensorBoardOptions } from './tensorboard.js';
export { ProgressBar, type ProgressBarOptions } from './progress-bar.js';
