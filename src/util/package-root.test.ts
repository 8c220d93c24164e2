import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageRootAbove } from './package-root.js';

test('packageRootAbove finds aekit package.json above a module, and names the caller when there is none', () => {
  const root = packageRootAbove(import.meta.url, 'test');
  assert.equal((JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string }).name, 'aekit');
  assert.throws(() => packageRootAbove(pathToFileURL('/no-package-here/module.js').href, 'aekit serve'), /^Error: aekit serve: cannot find the aekit package \(no package\.json above \/no-package-here\)$/);
});
