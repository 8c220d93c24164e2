/**
 * HDF5 files in memory through h5wasm (the HDF5 C library compiled to WebAssembly): written or
 * read in h5wasm's in-memory file system, so the same code runs in Node and in a browser.
 */
import h5wasm from 'h5wasm';

export type H5File = InstanceType<typeof h5wasm.File>;
export type H5Group = ReturnType<H5File['create_group']>;

let counter = 0;

async function fileSystem(): Promise<NonNullable<Awaited<typeof h5wasm.ready>['FS']>> {
  const module = await h5wasm.ready;
  if (!module.FS) throw new Error('h5wasm: its in-memory file system is not available');
  // HDF5 errors as thrown JavaScript errors, not stacks printed to stderr.
  module.activate_throwing_error_handler();
  return module.FS;
}

/** HDF5's error stack as one line: the innermost cause. */
function condensed(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (!message.startsWith('HDF5-DIAG')) return error instanceof Error ? error : new Error(message);
  const causes = [...message.matchAll(/in (\w+)\(\): ([^\n]+)/g)];
  const last = causes.at(-1);
  return new Error(last ? `HDF5 ${last[1]}: ${last[2]!.trim()}` : 'HDF5 error');
}

/** Builds an HDF5 file with `fill` and returns its bytes. */
export async function writeH5(fill: (file: H5File) => void): Promise<Uint8Array> {
  const fs = await fileSystem();
  const name = `/aekit-write-${counter++}.h5`;
  const file = new h5wasm.File(name, 'w');
  try {
    fill(file);
  } finally {
    file.close();
  }
  try {
    return Uint8Array.from(fs.readFile(name));
  } finally {
    fs.unlink(name);
  }
}

/** Opens HDF5 bytes for reading with `read`; `what` names the file in errors. */
export async function readH5<T>(bytes: Uint8Array, what: string, read: (file: H5File) => T): Promise<T> {
  const fs = await fileSystem();
  const name = `/aekit-read-${counter++}.h5`;
  fs.writeFile(name, bytes);
  let file: H5File;
  try {
    file = new h5wasm.File(name, 'r');
  } catch (error) {
    fs.unlink(name);
    throw new Error(`${what}: not a readable HDF5 file (${condensed(error).message})`);
  }
  try {
    return read(file);
  } catch (error) {
    throw condensed(error);
  } finally {
    file.close();
    fs.unlink(name);
  }
}

/** The group at a '/'-separated path, created level by level. */
export function ensureGroup(root: H5Group, path: string): H5Group {
  let group = root;
  for (const part of path.split('/').filter(Boolean)) {
    const existing = group.get(part);
    group = existing instanceof h5wasm.Group ? existing : group.create_group(part);
  }
  return group;
}
