export { initBackend, backendInfo, parseBackendName, parseThreads, type BackendName, type BackendOptions, type BackendInfo } from './select.js';
