/**
 * Write failures named by the file they were for. Node's own messages for a full disk or a
 * refused permission often name no file ("ENOSPC: no space left on device, write"), or name a
 * temporary sibling the user never asked for; these name the target.
 */
import * as path from 'node:path';

/** A write that failed, with the system's code (ENOSPC, EACCES, ...) and the file it was for. */
export class FileWriteError extends Error {
  override name = 'FileWriteError';
  constructor(
    readonly file: string,
    readonly code: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}: cannot write (${reason})`);
  }

  /** The same failure named by where the file was going: a file inside `from` is named inside `to`. */
  movedTo(from: string, to: string): FileWriteError {
    if (this.file !== from && !this.file.startsWith(from + path.sep)) return this;
    return new FileWriteError(to + this.file.slice(from.length), this.code, this.reason);
  }
}

/** The error to throw for a failed write of `file`: the system's reason, without its trailing syscall and path. */
export function writeError(file: string, error: unknown): Error {
  if (error instanceof FileWriteError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === undefined) return error instanceof Error ? error : new Error(message);
  // "ENOSPC: no space left on device, write '/tmp/x'" -> "ENOSPC: no space left on device"
  return new FileWriteError(file, code, message.split(', ')[0]!);
}

/** Runs a write and rethrows its failure as a `writeError` for `file`. */
export async function namedWrite<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw writeError(file, error);
  }
}
