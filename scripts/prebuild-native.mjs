#!/usr/bin/env node
// Builds the native engine into prebuilds/<platform>-<arch>/aekit.<libc>.node with prebuildify, the
// file node-gyp-build picks at run time on a matching machine. The addon uses Node-API only, so one
// binary serves every Node version; CPU dispatch (AVX-512 / AVX2 / generic) happens at run time, so
// it is built for the baseline of the architecture. `npm pack` runs this (prepack): the package ships
// the prebuild of the machine that packs it (linux-x64, glibc, here). For another platform run
// `npm run build:prebuild` there and copy its prebuilds/<platform>-<arch>/ in before packing.
//
// It compiles in a scratch copy of binding.gyp and native/, so the developer's build/ is left alone.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import prebuildify from 'prebuildify';
import { findNodeGyp, nodeGypEnv, packageRoot } from './native-toolchain.mjs';

const nodeGyp = findNodeGyp();
if (!nodeGyp) {
  console.error('aekit prebuild: node-gyp not found (it ships with npm; run this through npm run build:prebuild)');
  process.exit(1);
}
// node-gyp reads npm_config_nodedir and JOBS from the environment; prebuildify hands its own on.
Object.assign(process.env, nodeGypEnv());

const scratch = mkdtempSync(join(tmpdir(), 'aekit-prebuild-'));
for (const entry of ['binding.gyp', 'package.json', 'native']) {
  cpSync(join(packageRoot, entry), join(scratch, entry), { recursive: true });
}

const started = Date.now();
prebuildify(
  {
    cwd: scratch,
    out: packageRoot,
    napi: true,
    tagLibc: true,
    strip: true,
    targets: [process.versions.node],
    nodeGyp,
    quiet: true,
  },
  (error) => {
    rmSync(scratch, { recursive: true, force: true });
    if (error) {
      console.error(`aekit prebuild: ${error.message}`);
      process.exit(1);
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`aekit prebuild: prebuilds/${process.platform}-${process.arch}/ written in ${seconds} s`);
  },
);
