/**
 * A folder of PNG/JPEG images. Files are taken in name order (plain code-point order, so the
 * result does not depend on the machine's locale). When the images sit in immediate
 * subfolders, each subfolder is a class: label i is the i-th subfolder name in sorted order.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { decodeImage, IMAGE_EXTENSIONS } from './image-decode.js';
import { stackImages } from './pixels.js';
import type { ImageDataset, UserDataOptions } from './types.js';

interface ImageItem {
  file: string;
  label?: number;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function isImageFile(name: string): boolean {
  return IMAGE_EXTENSIONS.includes(path.extname(name).toLowerCase()) && !name.startsWith('.');
}

async function listImages(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  return entries.filter((e) => e.isFile() && isImageFile(e.name)).map((e) => e.name).sort(byName);
}

async function listItems(dir: string): Promise<{ items: ImageItem[]; classNames?: string[] }> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const rootImages = await listImages(dir);
  const subfolders = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort(byName);
  const classes: { name: string; files: string[] }[] = [];
  for (const name of subfolders) {
    const files = await listImages(path.join(dir, name));
    if (files.length > 0) classes.push({ name, files });
  }
  if (classes.length > 0 && rootImages.length > 0) {
    throw new Error(
      `${dir}: has images both directly inside (${rootImages[0]}, ...) and in class subfolders (${classes[0]!.name}/, ...); ` +
        `put every image in a class subfolder, or none`,
    );
  }
  if (classes.length === 0) return { items: rootImages.map((name) => ({ file: path.join(dir, name) })) };
  const items = classes.flatMap(({ name, files }, label) => files.map((file) => ({ file: path.join(dir, name, file), label })));
  return { items, classNames: classes.map((c) => c.name) };
}

export async function loadImageFolder(dir: string, options: UserDataOptions, limit: number | undefined): Promise<ImageDataset> {
  const listing = await listItems(dir);
  if (listing.items.length === 0) {
    throw new Error(`${dir}: no PNG or JPEG images in this folder or its immediate subfolders (looked for ${IMAGE_EXTENSIONS.join(', ')})`);
  }
  return decodeAll(listing.items.slice(0, limit ?? listing.items.length), listing.classNames, options, dir);
}

/** One image file as a dataset of one (e.g. to encode or denoise a single picture). */
export function loadImageFile(file: string, options: UserDataOptions): Promise<ImageDataset> {
  return decodeAll([{ file }], undefined, options, file);
}

async function decodeAll(items: ImageItem[], classNames: string[] | undefined, options: UserDataOptions, source: string): Promise<ImageDataset> {
  const dataset = await stackImages(items.length, async (index) => decodeImage(await fs.readFile(items[index]!.file), items[index]!.file), options, source, { nameOf: (index) => items[index]!.file });
  if (classNames) {
    dataset.labels = Int32Array.from(items, (item) => item.label!);
    dataset.classNames = classNames;
  }
  return dataset;
}
