/**
 * Loads the C++ addon (build/Release/aekit_native.node, built by scripts/build-native.mjs) and
 * describes its functions. Loading never throws: a missing or broken build yields the reason.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export { ACTIVATION_CODES, LAYER_ACTIVATION_CODES, type Floats, type MaybeFloats, type NativeAddon } from './addon-api.js';
import type { NativeAddon } from './addon-api.js';

function findRepoRoot(): string {
  // This file is src/backend/native/addon.ts, compiled to dist/src/backend/native/addon.js.
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = resolve(dir, '..');
  }
  return process.cwd();
}

let cached: { addon: NativeAddon } | { why: string } | undefined;

export function loadAddon(): { addon: NativeAddon } | { why: string } {
  if (cached) return cached;
  const path = join(findRepoRoot(), 'build', 'Release', 'aekit_native.node');
  if (!existsSync(path)) {
    cached = { why: `${path} is missing (run "node scripts/build-native.mjs")` };
    return cached;
  }
  try {
    cached = { addon: createRequire(import.meta.url)(path) as NativeAddon };
  } catch (e) {
    cached = { why: `${path} failed to load: ${(e as Error).message}` };
  }
  return cached;
}
