/**
 * Test-only: runs the `aekit` command line in this process exactly as bin/aekit.js does, then
 * reports the process's peak resident memory (the kernel's high-water mark, so no short spike is
 * missed) on file descriptor 3 as one JSON line: {"code": <exit code>, "maxRssBytes": <n>}.
 *
 *   node dist/testing/support/peak-rss-cli.js <aekit arguments...>   (with fd 3 open for writing)
 */
import { writeSync } from 'node:fs';
import { main } from '../../src/cli/main.js';

const code = await main(process.argv.slice(2));
writeSync(3, `${JSON.stringify({ code, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
process.exit(code);
