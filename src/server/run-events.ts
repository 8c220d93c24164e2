/**
 * Live updates of one run as server-sent events. The trainer rewrites status.json and
 * metrics.json atomically (rename), which file watchers report unreliably across platforms, so
 * the stream polls their modification times and sends the run again whenever one changed.
 * A run that does not exist yet (just started from the browser) is waited for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as path from 'node:path';
import { readMetrics, readRunSummary } from './runs.js';
import { realPathInside } from './safe-path.js';

export const POLL_INTERVAL_MS = 200;
const HEARTBEAT_MS = 15_000;

export async function streamRunEvents(req: IncomingMessage, res: ServerResponse, runsDir: string, id: string): Promise<void> {
  // A run that exists must lie inside the runs folder (403 before the stream starts); one that does not yet is waited for.
  await realPathInside(runsDir, path.join(runsDir, id));
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
  let lastKey = '';
  let busy = false;
  const send = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const summary = await readRunSummary(runsDir, id);
      // Modification times tick coarsely (a few ms): two writes in one tick look unchanged, so the
      // small status and final metrics are compared by content too.
      const key = `${summary.updatedAt}:${summary.modelFolder}:${JSON.stringify(summary.status)}:${JSON.stringify(summary.final)}`;
      if (key === lastKey) return;
      lastKey = key;
      const metrics = await readMetrics(runsDir, path.join(runsDir, id));
      res.write(`event: run\ndata: ${JSON.stringify({ summary, metrics })}\n\n`);
    } catch {
      // The run folder is not there yet, or is mid-write: try again at the next tick.
    } finally {
      busy = false;
    }
  };
  await send();
  const poll = setInterval(() => void send(), POLL_INTERVAL_MS);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const stop = (): void => {
    clearInterval(poll);
    clearInterval(heartbeat);
  };
  req.on('close', stop);
  res.on('close', stop);
}
