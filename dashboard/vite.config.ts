import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// The dashboard is built into dashboard/dist and served by `aekit serve`. It imports a few pure
// modules from ../src (ranking metrics, colours, the latent plane), so the build may read there.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
  },
  server: { fs: { allow: ['..'] } },
});
