#!/usr/bin/env node
// Builds aekit's optional C++ engine (build/Release/aekit_native.node) with node-gyp.
// It never fails the install: without a compiler the wasm/cpu backends still work, so on any
// problem we print one warning and exit 0. Set AEKIT_SKIP_NATIVE=1 to skip the build.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function warn(reason) {
  console.warn(
    `aekit: native engine not built (${reason}); falling back to wasm/cpu — training will be slower`,
  );
  process.exit(0);
}

/** node-gyp ships inside npm; npm tells install scripts where, otherwise look next to node. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  try {
    candidates.push(createRequire(import.meta.url).resolve('node-gyp/bin/node-gyp.js'));
  } catch {
    // not installed locally
  }
  return candidates.find((p) => p && existsSync(p));
}

/** Headers of the running node, so node-gyp does not try to download them (offline machines). */
function nodedirArgs() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
}

if (process.env.AEKIT_SKIP_NATIVE === '1') {
  console.log('aekit: AEKIT_SKIP_NATIVE=1, native engine not built');
  process.exit(0);
}
const nodeGyp = findNodeGyp();
if (!nodeGyp) warn('node-gyp not found');
const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', ...nodedirArgs()], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (result.error) warn(result.error.message);
if (result.status !== 0) {
  const lines = `${result.stdout}\n${result.stderr}`.split('\n').filter((l) => /error/i.test(l));
  warn(lines.slice(0, 3).join(' | ').trim() || `node-gyp exited with ${result.status}`);
}
console.log('aekit: native engine built (build/Release/aekit_native.node)');
