import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../testing/support/datasets.js';
import { VERSION } from './version.js';

test("VERSION is package.json's version (scripts/sync-version.mjs writes it; npm version runs it)", () => {
  const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(VERSION, version);
});
