/**
 * Test-only: where the real MNIST / Fashion-MNIST IDX files live (../shared/data beside the repo).
 * The product never imports this; only tests and benchmarks do.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('aekit tests: cannot find the repository root (no package.json above the test file)');
    dir = parent;
  }
  return dir;
}

export const REPO_ROOT = findRepoRoot();
export const SHARED_DATA_DIR = process.env['AEKIT_SHARED_DATA'] ?? path.resolve(REPO_ROOT, '../shared/data');

/** Folder holding `{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz` for a dataset. */
export function sharedDatasetDir(name: 'mnist' | 'fashion-mnist'): string {
  return path.join(SHARED_DATA_DIR, name);
}
