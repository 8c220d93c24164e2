/**
 * Atomic writes: write to a temporary sibling, then rename over the target, so a crash never
 * leaves a half-written file and never loses what was saved before. A process killed mid-write
 * leaves its temporary sibling behind; `sweepAtomicLeftovers` clears them (and finishes an
 * interrupted folder swap) once the caller knows no other writer is at work.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { FileWriteError, namedWrite, writeError } from './file-errors.js';

let tempCounter = 0;

/** `.<name>.tmp-<pid>-<n>` beside the target: hidden, and recognisable by `isAtomicLeftover`. */
export function tempSibling(target: string): string {
  tempCounter += 1;
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}${tempCounter}`);
}

const LEFTOVER = /^\..+\.tmp-\d+-\d+$/;

/** Whether a file name is a temporary sibling written by this module. */
export function isAtomicLeftover(name: string): boolean {
  return LEFTOVER.test(name);
}

/**
 * A file written piece by piece that appears at `target` only on `commit` (synced, then renamed
 * into place); `abort` drops it and leaves the target as it was.
 */
export interface AtomicFile {
  readonly handle: FileHandle;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export async function openAtomicFile(target: string): Promise<AtomicFile> {
  const temp = tempSibling(target);
  const handle = await namedWrite(target, async () => {
    await fs.mkdir(path.dirname(target), { recursive: true });
    return fs.open(temp, 'w');
  });
  return {
    handle,
    async commit() {
      try {
        await handle.sync();
        await handle.close();
        await fs.rename(temp, target);
      } catch (error) {
        await handle.close().catch(() => undefined);
        await fs.rm(temp, { force: true }).catch(() => undefined);
        throw writeError(target, error);
      }
    },
    async abort() {
      await handle.close().catch(() => undefined);
      await fs.rm(temp, { force: true });
    },
  };
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const file = await openAtomicFile(target);
  try {
    await file.handle.writeFile(data);
  } catch (error) {
    await file.abort().catch(() => undefined);
    throw writeError(target, error);
  }
  await file.commit();
}

/**
 * Replace a whole folder atomically: `fill` writes into a fresh temporary folder, which then
 * takes the target's place. The previous folder is moved aside first and removed last, so at
 * every instant either the old or the new complete folder exists (`resolveAtomicFolder`).
 * A failure names the target folder (or the file inside it that `fill` names itself).
 */
export async function replaceFolderAtomic(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  const temp = tempSibling(target);
  await namedWrite(target, async () => {
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.mkdir(temp, { recursive: true });
  });
  try {
    await fill(temp);
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true }).catch(() => undefined);
    const failure = writeError(target, error);
    throw failure instanceof FileWriteError ? failure.movedTo(temp, target) : failure;
  }
  const previous = `${target}.previous`;
  await namedWrite(target, async () => {
    await fs.rm(previous, { recursive: true, force: true });
    const hadTarget = await exists(target);
    if (hadTarget) await fs.rename(target, previous);
    await fs.rename(temp, target);
    if (hadTarget) await fs.rm(previous, { recursive: true, force: true });
  });
}

/** The folder written by `replaceFolderAtomic`, or its previous version if a crash hit mid-swap. */
export async function resolveAtomicFolder(target: string): Promise<string | undefined> {
  if (await exists(target)) return target;
  const previous = `${target}.previous`;
  return (await exists(previous)) ? previous : undefined;
}

/**
 * Clears what interrupted atomic writes left in `dir` and its subfolders: temporary siblings are
 * removed, and a `X.previous` folder either goes (X is complete) or becomes X again (the crash
 * came between moving X aside and moving the new X in). Only safe while nobody writes in `dir`.
 * Returns the paths it removed or restored.
 */
export async function sweepAtomicLeftovers(dir: string): Promise<string[]> {
  const touched: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return touched;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (isAtomicLeftover(entry.name)) {
      await fs.rm(full, { recursive: true, force: true });
      touched.push(full);
    } else if (entry.isDirectory() && entry.name.endsWith('.previous')) {
      const target = full.slice(0, -'.previous'.length);
      if (await exists(target)) await fs.rm(full, { recursive: true, force: true });
      else await fs.rename(full, target);
      touched.push(full);
    } else if (entry.isDirectory()) {
      touched.push(...(await sweepAtomicLeftovers(full)));
    }
  }
  return touched;
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
