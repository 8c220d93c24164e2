/** The WebAssembly SIMD engine registered in a web page (select-browser.ts activates it): the browser host, this page's features. */
import { registerWasmSimdBackend, type WasmSimdStart } from './index.js';
import { browserHost } from './load-browser.js';

/** Registers 'wasm-simd' with up to `threads` threads (one unless the page is cross-origin isolated); throws with the reason if it cannot run here. */
export function startWasmSimdInBrowser(threads: number): Promise<WasmSimdStart> {
  return registerWasmSimdBackend({ threads, host: browserHost });
}
