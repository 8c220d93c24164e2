// The page is static: `vite build` writes dist/, which any static file server can serve.
// base './' keeps its URLs relative, so dist/ works from any folder of a site.
// The two headers make the page cross-origin isolated (SharedArrayBuffer, so the WebAssembly
// engine runs a thread per core) under `vite dev` and `vite preview`; a static host needs the same
// two headers for threads, and without them the page still runs, on one thread.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default {
  base: './',
  // fs.allow: here aekit is linked from the repository (file:../..), outside this folder, and the dev
  // server serves its .wasm files from there.
  server: { headers: isolation, fs: { allow: ['../..'] } },
  preview: { headers: isolation },
  // The dev server's dependency pre-bundling would move aekit's files away from the .wasm files and
  // the worker their new URL(..., import.meta.url) references name; `vite build` is not affected.
  optimizeDeps: { exclude: ['aekit'] },
  build: { chunkSizeWarningLimit: 2048 },
};
