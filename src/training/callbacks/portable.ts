/** The callbacks that run anywhere (a page, Node); index.ts adds the ones that write files or the terminal. */
export type { Callback, Logs, TrainingControl } from './callback.js';
export { CallbackList, type CallbackStates } from './callback-list.js';
export { MonitorCallback, resolveMode, type LogFunction, type MonitorMode, type MonitorOptions } from './monitor-callback.js';
export { EarlyStopping, type EarlyStoppingOptions, type EarlyStoppingState } from './early-stopping.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions, type ReduceLROnPlateauState } from './reduce-lr-on-plateau.js';
export { ModelCheckpoint, type ModelCheckpointOptions, type ModelCheckpointState } from './model-checkpoint.js';
export { formatFilepath } from './filepath-template.js';
export { TerminateOnNaN } from './terminate-on-nan.js';
export { LambdaCallback, type LambdaCallbackOptions } from './lambda-callback.js';
export { formatLearningRate, formatMetric } from './format.js';
