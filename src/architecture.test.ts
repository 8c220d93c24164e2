/**
 * The house keeps its signs: every folder of the repository's code opens with a one-line
 * README.md saying what it is for, and ARCHITECTURE.md names every layer under src/.
 * (Imports pointing down and the absence of circles are checked by `npm run lint:layers`.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../testing/support/datasets.js';

const CODE_ROOTS = ['src', 'bench', 'testing', 'experiments', 'examples', 'dashboard/src', 'native', 'scripts'];
// Generated or installed folders, not written by us.
const SKIPPED = new Set(['node_modules', 'dist', 'build', '.vite']);

async function folders(root: string): Promise<string[]> {
  const out = [root];
  for (const entry of await fs.readdir(path.join(REPO_ROOT, root), { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIPPED.has(entry.name) && !entry.name.startsWith('.')) out.push(...(await folders(path.join(root, entry.name))));
  }
  return out;
}

test('every code folder has a README.md of one line or more saying what it is for', async () => {
  const missingReadme: string[] = [];
  for (const root of CODE_ROOTS) {
    for (const folder of await folders(root)) {
      const text = await fs.readFile(path.join(REPO_ROOT, folder, 'README.md'), 'utf8').catch(() => '');
      if (text.trim().length < 20) missingReadme.push(folder);
    }
  }
  assert.deepEqual(missingReadme, [], `folders without a README.md saying what they hold: ${missingReadme.join(', ')}`);
});

test('ARCHITECTURE.md names every layer folder under src/', async () => {
  const architecture = await fs.readFile(path.join(REPO_ROOT, 'ARCHITECTURE.md'), 'utf8');
  const layers = (await fs.readdir(path.join(REPO_ROOT, 'src'), { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  const unnamed = layers.filter((layer) => !architecture.includes(`src/${layer}/`));
  assert.deepEqual(unnamed, [], `layers missing from ARCHITECTURE.md: ${unnamed.join(', ')}`);
});
