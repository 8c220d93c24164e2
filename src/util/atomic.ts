/**
 * Atomic writes: write to a temporary sibling, then rename over the target, so a crash never
 * leaves a half-written file and never loses what was saved before.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';

function tempSibling(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${process.pid}-${Date.now()}`);
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
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = tempSibling(target);
  const handle = await fs.open(temp, 'w');
  return {
    handle,
    async commit() {
      await handle.sync();
      await handle.close();
      await fs.rename(temp, target);
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
    await file.abort();
    throw error;
  }
  await file.commit();
}

/**
 * Replace a whole folder atomically: `fill` writes into a fresh temporary folder, which then
 * takes the target's place. The previous folder is moved aside first and removed last, so at
 * every instant either the old or the new complete folder exists (`readFolderWithFallback`).
 */
export async function replaceFolderAtomic(target: string, fill: (dir: string) => Promise<void>): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temp = tempSibling(target);
  await fs.mkdir(temp, { recursive: true });
  try {
    await fill(temp);
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
  const previous = `${target}.previous`;
  await fs.rm(previous, { recursive: true, force: true });
  const hadTarget = await exists(target);
  if (hadTarget) await fs.rename(target, previous);
  await fs.rename(temp, target);
  if (hadTarget) await fs.rm(previous, { recursive: true, force: true });
}

/** The folder written by `replaceFolderAtomic`, or its previous version if a crash hit mid-swap. */
export async function resolveAtomicFolder(target: string): Promise<string | undefined> {
  if (await exists(target)) return target;
  const previous = `${target}.previous`;
  return (await exists(previous)) ? previous : undefined;
}

export async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}
