#!/usr/bin/env node
// Thin launcher: the CLI itself is compiled TypeScript in dist/.
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
