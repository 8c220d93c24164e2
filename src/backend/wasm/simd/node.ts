/** The WebAssembly SIMD engine registered under Node (select.ts activates it): the Node host, this runtime's features. */
import { registerWasmSimdBackend, type WasmSimdStart } from './index.js';
import { nodeHost } from './load-node.js';

/** Registers 'wasm-simd' with up to `threads` threads; throws with the reason if it cannot run here. */
export function startWasmSimdInNode(threads: number): Promise<WasmSimdStart> {
  return registerWasmSimdBackend({ threads, host: nodeHost });
}
