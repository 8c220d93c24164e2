export { startWasmBackend, wasmUnavailableReason, wasmBinaryFolder, type WasmStart } from './load.js';
export { registerWasmTrainingKernels } from './register-kernels.js';
