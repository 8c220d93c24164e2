/**
 * The folder of aekit's package.json: the clone's root or the installed package's, found from a
 * module of the package (src/... when run from source, dist/src/... when built), for the files
 * that ship beside the code (bin/, dashboard/dist/, the native addon's build/ and prebuilds/) and,
 * in tests, the repository's own.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `moduleUrl`: the caller's `import.meta.url`; `who` starts the error (e.g. 'aekit serve'). */
export function packageRootAbove(moduleUrl: string, who: string): string {
  const start = path.dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`${who}: cannot find the aekit package (no package.json above ${start})`);
  }
}
