/**
 * The runs this process is training right now, so that an interrupt (Ctrl-C, SIGTERM) marks
 * exactly those 'stopped' and nothing else: a process that was refused a run folder, or is still
 * reading its data, holds no run and so changes no status.json.
 */
import type { RunLock } from './run-lock.js';
import type { RunRecorder } from './run-recorder.js';

interface ActiveRun {
  recorder: RunRecorder;
  lock: RunLock;
}

const active = new Set<ActiveRun>();

/** Registers a run in training; the returned function unregisters it. */
export function trackActiveRun(recorder: RunRecorder, lock: RunLock): () => void {
  const run = { recorder, lock };
  active.add(run);
  return () => active.delete(run);
}

/**
 * Marks every run this process trains 'stopped' (its last completed epoch is saved in last/) and
 * releases its lock. Returns the run folders it stopped.
 */
export async function stopActiveRuns(reason: string): Promise<string[]> {
  const stopped: string[] = [];
  for (const run of [...active]) {
    active.delete(run);
    if (!run.lock.held) continue;
    try {
      await run.recorder.writeStatus('stopped', { stopReason: reason });
    } finally {
      await run.lock.release();
    }
    stopped.push(run.recorder.runDir);
  }
  return stopped;
}
