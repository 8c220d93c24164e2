// What the two native build scripts share: where the package is, where node-gyp is, and how to
// point node-gyp at the running node's own headers so it never downloads them (offline machines).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** node-gyp ships inside npm; npm tells lifecycle scripts where, otherwise look next to node. */
export function findNodeGyp() {
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

/**
 * The environment for node-gyp: its own headers (never a download) and make's -j over every core
 * (node-gyp builds with one job unless JOBS says otherwise; the addon is a dozen files).
 */
export function nodeGypEnv() {
  const nodedir = localNodedir();
  return { ...process.env, JOBS: process.env.JOBS ?? 'max', ...(nodedir ? { npm_config_nodedir: nodedir } : {}) };
}

/** The running node's install prefix when it holds the N-API headers, for node-gyp's --nodedir. */
function localNodedir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}
