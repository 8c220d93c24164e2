#!/usr/bin/env node
// The install step of aekit's optional C++ engine. When the package holds a prebuild for this
// platform, arch and libc (prebuilds/<platform>-<arch>/, found by node-gyp-build) and it loads,
// that is all: no compiler needed. Otherwise the addon is compiled from native/ with node-gyp into
// build/Release (a clone always compiles: there, build/ is the developer's own build).
//
// It never fails the install: without the engine aekit runs on WebAssembly. On any problem it prints
// one warning, and records the reason in build/native-unavailable.txt, because npm hides the output
// of a dependency's install script: the first aekit command that runs without the engine repeats it.
// Set AEKIT_SKIP_NATIVE=1 to skip it. Run it by hand (node scripts/build-native.mjs) to rebuild.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { findNodeGyp, nodeGypEnv, packageRoot } from './native-toolchain.mjs';

const FAILURE_FILE = join(packageRoot, 'build', 'native-unavailable.txt');
const require = createRequire(import.meta.url);

function firstLine(error) {
  return String(error instanceof Error ? error.message : error).split('\n')[0].trim();
}

/** A prebuild that matches this machine and loads, or why there is none. */
function usablePrebuild() {
  let file;
  try {
    file = require('node-gyp-build').path(packageRoot);
  } catch (error) {
    return { why: `no prebuild matches (${firstLine(error).replace(/^No native build was found for /, '')})` };
  }
  const where = relative(packageRoot, file);
  if (!where.startsWith(`prebuilds${sep}`)) return { why: `${where} is a local build, not a prebuild` };
  try {
    require(file);
    return { file: where };
  } catch (error) {
    return { why: `${where} does not load here (${firstLine(error)})` };
  }
}

/** Warns (with why no prebuild served) and records the compile failure; aekit's loader adds the rest. */
function giveUp(compileFailure) {
  mkdirSync(join(packageRoot, 'build'), { recursive: true });
  writeFileSync(FAILURE_FILE, `compiling it at install failed: ${compileFailure}\n`);
  console.warn(`aekit: native engine not built (${prebuild.why}; compiling it failed: ${compileFailure}); aekit will run on WebAssembly, training several times slower`);
  process.exit(0);
}

if (process.env.AEKIT_SKIP_NATIVE === '1') {
  console.log('aekit: AEKIT_SKIP_NATIVE=1, native engine not built');
  process.exit(0);
}
const prebuild = usablePrebuild();
if (prebuild.file) {
  rmSync(FAILURE_FILE, { force: true });
  console.log(`aekit: native engine: the prebuild ${prebuild.file}`);
  process.exit(0);
}

const nodeGyp = findNodeGyp();
if (!nodeGyp) giveUp('node-gyp was not found');
const result = spawnSync(process.execPath, [nodeGyp, 'rebuild'], {
  cwd: packageRoot,
  env: nodeGypEnv(),
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (result.error) giveUp(`node-gyp: ${result.error.message}`);
if (result.status !== 0) {
  const lines = `${result.stdout}\n${result.stderr}`.split('\n').filter((l) => /error|not found/i.test(l))
    .map((l) => l.replace(/^gyp ERR! (stack )?/, '').trim()).filter((l) => l && l !== 'configure error');
  giveUp(`node-gyp: ${lines.slice(0, 3).join(' | ') || `exited with ${result.status}`}`);
}
rmSync(FAILURE_FILE, { force: true });
console.log('aekit: native engine built (build/Release/aekit_native.node)');
