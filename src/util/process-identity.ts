/**
 * Who a process is, well enough to tell later whether it still runs: its pid alone is not enough,
 * since pids are reused, so on Linux the process's start time (field 22 of /proc/<pid>/stat, in
 * clock ticks since boot) is kept beside it. Elsewhere the start time is null and only the pid
 * is checked (a reused pid then looks alive; the lock's message says how to clear it by hand).
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';

export interface ProcessIdentity {
  pid: number;
  /** Start time as /proc reports it, or null where there is no /proc. */
  startTime: string | null;
  host: string;
}

/** The start time of a process from /proc, or null when /proc cannot tell (not Linux, or no such pid). */
export function processStartTime(pid: number): string | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces or ')'; fields count from its end.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, startTime: processStartTime(process.pid), host: os.hostname() };
}

/**
 * Whether the process is still running. Another machine's process cannot be checked: it counts
 * as alive, so a run on a shared folder is never taken over from under its owner.
 */
export function isProcessAlive(owner: ProcessIdentity): boolean {
  if (owner.host !== os.hostname()) return true;
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.startTime === null) return true;
  const now = processStartTime(owner.pid);
  return now === null || now === owner.startTime;
}
