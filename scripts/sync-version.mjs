#!/usr/bin/env node
// Writes package.json's version into src/util/version.ts, so the library knows its version
// without reading package.json at run time (a web page has no file system to read it from).
// Run by `npm version` (the "version" script); src/util/version.test.ts checks they agree.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const file = new URL('src/util/version.ts', root);
const text = `/** aekit's version; written from package.json by scripts/sync-version.mjs (run by \`npm version\`). */
export const VERSION = '${version}';
`;
if (readFileSync(file, 'utf8') !== text) {
  writeFileSync(file, text);
  console.log(`src/util/version.ts: ${version}`);
}
