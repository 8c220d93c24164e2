/**
 * Loads the C++ addon through node-gyp-build: a local build (build/Release, compiled from native/ by
 * scripts/build-native.mjs) when there is one, else the prebuild matching this platform, arch and
 * libc (prebuilds/<platform>-<arch>/aekit.<libc>.node, shipped in the package). A build exists in an
 * installed package only where no prebuild matched or loaded, and in a clone it is the developer's
 * fresh one, so that order is right for both. Loading never throws: a missing or broken addon
 * yields the reason and the fix, for the one line aekit prints when it falls back.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

import { packageRootAbove } from '../../util/package-root.js';

export { ACTIVATION_CODES, LAYER_ACTIVATION_CODES, type Floats, type MaybeFloats, type NativeAddon } from './addon-api.js';
import type { NativeAddon } from './addon-api.js';

/** The part of node-gyp-build aekit uses (it ships no types). */
interface NodeGypBuild {
  /** The addon file for this platform, arch, runtime and libc; throws "No native build was found for ..." */
  path(dir: string): string;
}

/** Where scripts/build-native.mjs records why compiling at install failed (npm hides its output). */
export const INSTALL_FAILURE_FILE = join('build', 'native-unavailable.txt');

/** `file`: the addon loaded, relative to the package (prebuilds/... or build/Release/...). */
export type LoadedAddon = { addon: NativeAddon; file: string } | { why: string; fix: string };

let cached: LoadedAddon | undefined;

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}

/** "linux-x64 glibc" for the prebuilds shipped, from their folder and file names. */
function shippedPrebuilds(root: string): string[] {
  const dir = join(root, 'prebuilds');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((tuple) =>
    readdirSync(join(dir, tuple)).filter((file) => file.endsWith('.node')).map((file) => {
      const libc = file.split('.').find((tag) => tag === 'glibc' || tag === 'musl');
      return libc ? `${tuple} ${libc}` : tuple;
    }));
}

function installFailure(root: string): string | undefined {
  const file = join(root, INSTALL_FAILURE_FILE);
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n')[0] : undefined;
}

function unavailable(root: string, why: string): { why: string; fix: string } {
  return { why, fix: `to build it, install g++, make and python3, then run: node ${join(root, 'scripts', 'build-native.mjs')}` };
}

function noAddonReason(root: string, error: unknown): string {
  // node-gyp-build names what it looked for: "No native build was found for platform=linux arch=x64 ... libc=musl ..."
  const message = firstLine(error);
  const tag = (key: string): string | undefined => new RegExp(`\\b${key}=(\\S+)`).exec(message)?.[1];
  const [platform, arch, libc] = [tag('platform'), tag('arch'), tag('libc')];
  const wanted = platform && arch ? `${platform}-${arch}${libc ? ` ${libc}` : ''}` : message;
  const shipped = shippedPrebuilds(root);
  const prebuilds = shipped.length > 0 ? `the package's prebuilds are for ${shipped.join(', ')}` : 'the package has no prebuilds';
  const compiled = installFailure(root) ?? 'none was compiled from source at install';
  return `no native engine for ${wanted}: ${prebuilds}, and ${compiled}`;
}

export function loadAddon(): LoadedAddon {
  if (cached) return cached;
  let root: string;
  try {
    root = packageRootAbove(import.meta.url, 'the native engine');
  } catch (error) {
    cached = { why: firstLine(error), fix: 'reinstall aekit: its package.json is missing' };
    return cached;
  }
  const require = createRequire(import.meta.url);
  let file: string;
  try {
    file = (require('node-gyp-build') as NodeGypBuild).path(root);
  } catch (error) {
    cached = unavailable(root, noAddonReason(root, error));
    return cached;
  }
  try {
    cached = { addon: require(file) as NativeAddon, file: relative(root, file) };
  } catch (error) {
    const compiled = installFailure(root);
    cached = unavailable(root, `${relative(root, file)} failed to load: ${firstLine(error)}${compiled ? `, and ${compiled}` : ''}`);
  }
  return cached;
}
