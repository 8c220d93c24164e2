/** A user's own data: a folder of PNG/JPEG images, a single image, a .csv or a .npy file. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { IMAGE_EXTENSIONS } from './image-decode.js';
import { checkLimit, checkUserOptions } from './checks.js';
import { loadCsvFile, loadNpyFile } from './user-arrays.js';
import { loadImageFile, loadImageFolder } from './user-images.js';
import type { ImageDataset, UserDataOptions } from './types.js';

/** The user's data at `userPath`: a folder of images (class subfolders become labels), a CSV or a .npy file. */
export async function loadUserDataset(userPath: string, options: UserDataOptions = {}): Promise<ImageDataset> {
  checkUserOptions(options);
  const limit = checkLimit(options.limit);
  const resolved = path.resolve(userPath);
  const stat = await fs.stat(resolved).catch(() => undefined);
  if (!stat) throw new Error(`${userPath}: no such file or folder`);
  if (stat.isDirectory()) return { ...(await loadImageFolder(resolved, options, limit)), name: userPath };
  if (stat.size === 0) throw new Error(`${userPath}: the file is empty`);
  const extension = path.extname(resolved).toLowerCase();
  let dataset: ImageDataset;
  if (extension === '.csv') dataset = await loadCsvFile(resolved, options, limit);
  else if (extension === '.npy') dataset = await loadNpyFile(resolved, options, limit);
  else if (IMAGE_EXTENSIONS.includes(extension)) dataset = await loadImageFile(resolved, options);
  else {
    throw new Error(`${userPath}: unsupported data file '${extension}'; expected a folder of PNG/JPEG images, a .csv or a .npy file`);
  }
  return { ...dataset, name: userPath };
}
