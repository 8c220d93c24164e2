/**
 * The API reference builds: TypeDoc (typedoc.json, as `npm run docs` runs it) converts both entry
 * points and validates them with warnings as errors, so an exported function, class or constant
 * without a doc comment fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../testing/support/datasets.js';

test('npm run docs: every export of src/index.ts and src/browser.ts is documented (typedoc, warnings are errors)', () => {
  const typedoc = path.join(REPO_ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');
  const result = spawnSync(process.execPath, [typedoc, '--emit', 'none'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 300_000 });
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
});
