#!/usr/bin/env node
// Copies the committed WebAssembly builds (native/wasm/out/, made by scripts/build-wasm.mjs)
// beside their compiled loader, dist/src/backend/wasm/simd/, where its
// new URL('./aekit-simd*.wasm', import.meta.url) references find them (in Node and in bundles).
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'native', 'wasm', 'out');
const to = join(root, 'dist', 'src', 'backend', 'wasm', 'simd');
if (!existsSync(from)) {
  console.warn(`aekit: ${from} is missing; the WebAssembly SIMD engine will be unavailable`);
  process.exit(0);
}
mkdirSync(to, { recursive: true });
for (const file of readdirSync(from).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(from, file), join(to, file));
