/**
 * The dashboard's HTTP server: the built web app (dashboard/dist), files inside the runs folder
 * (/runs/<id>/...), and a JSON API over the runs (list, live events, latent codes, anomaly scores,
 * training started and stopped from the browser). Listens on 127.0.0.1 unless told otherwise.
 */
import * as http from 'node:http';
import { createReadStream, existsSync } from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { listModels } from '../models/registry.js';
import { packageRootAbove } from '../util/package-root.js';
import { contentTypeFor, HttpError, readJsonBody, sendError, sendJson } from './http-util.js';
import { resolveFileInside, safeSegments } from './safe-path.js';
import { checkRunId, listRuns, readMetrics, readRunSummary, resolveRunDir } from './runs.js';
import { streamRunEvents } from './run-events.js';
import { AnalysisCache, computeAnomalyView, computeLatentView, type AnalysisOptions, type AnomalyView, type LatentView } from './run-analysis.js';
import { parseTrainRequest, TRAIN_LIMITS, trainableDatasets, trainableModels } from './train-request.js';
import { TrainingJobs } from './training-jobs.js';

export interface DashboardOptions {
  runsDir: string;
  port?: number;
  host?: string;
  /** Required to listen on anything but a loopback address. */
  allowRemote?: boolean;
  /** Folder with the builtin datasets, for analyses and for runs started from the browser. */
  dataDir?: string;
  /** Test samples the latent explorer and anomaly view analyse (default 1000). */
  analysisSamples?: number;
  /** The built web app (default: dashboard/dist of this checkout). */
  appDir?: string;
  /** Training jobs started from the page that may run at once (default one per two cores). */
  maxJobs?: number;
  /** A connection that sends or receives nothing for this long is closed (default 60 s; live event streams send a heartbeat every 15 s). */
  idleTimeoutMs?: number;
}

export interface DashboardServer {
  url: string;
  port: number;
  jobs: TrainingJobs;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 6007;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);


export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Names the Host header may carry: refuses DNS-rebinding pages that reach a loopback server. */
function hostAllowed(header: string | undefined, port: number, options: DashboardOptions): boolean {
  if (options.allowRemote) return true;
  if (!header) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header);
  if (!match) return false;
  const name = match[1]!.replace(/^\[|\]$/g, '');
  return isLoopback(name) && Number(match[2] ?? 80) === port;
}

interface Route {
  method: string;
  pattern: RegExp;
  handle(req: http.IncomingMessage, res: http.ServerResponse, params: string[]): Promise<void> | void;
}

export async function startDashboardServer(options: DashboardOptions): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host) && !options.allowRemote) {
    throw new Error(`host ${host}: the dashboard listens on loopback addresses only unless allowRemote (--allow-remote) is given: it can start training runs and read the runs folder`);
  }
  const runsDir = path.resolve(options.runsDir);
  const root = packageRootAbove(import.meta.url, 'aekit serve');
  const appDir = options.appDir ?? path.join(root, 'dashboard', 'dist');
  const jobs = new TrainingJobs({ runsDir, cliPath: path.join(root, 'bin', 'aekit.js'), ...(options.dataDir ? { dataDir: options.dataDir } : {}), ...(options.maxJobs ? { maxJobs: options.maxJobs } : {}) });
  const analysis: AnalysisOptions = { runsDir, samples: options.analysisSamples ?? 1000, ...(options.dataDir ? { dataDir: options.dataDir } : {}) };
  const latent = new AnalysisCache<LatentView>(runsDir, (dir) => computeLatentView(dir, analysis));
  const anomaly = new AnalysisCache<AnomalyView>(runsDir, (dir) => computeAnomalyView(dir, analysis));
  // Resolved and checked to lie inside the runs folder (symlinks followed), as /runs/ files are.
  const runDir = (id: string): Promise<string> => resolveRunDir(runsDir, id);
  let port = options.port ?? DEFAULT_PORT;

  const routes: Route[] = [
    { method: 'GET', pattern: /^\/api\/runs$/, handle: async (_q, res) => sendJson(res, 200, { runs: await listRuns(runsDir), jobs: jobs.list() }) },
    {
      method: 'GET',
      pattern: /^\/api\/runs\/([^/]+)$/,
      handle: async (_q, res, [id]) => sendJson(res, 200, { summary: await readRunSummary(runsDir, id!), metrics: await readMetrics(runsDir, await runDir(id!)) }),
    },
    { method: 'GET', pattern: /^\/api\/runs\/([^/]+)\/events$/, handle: (req, res, [id]) => streamRunEvents(req, res, runsDir, checkRunId(id!)) },
    { method: 'GET', pattern: /^\/api\/runs\/([^/]+)\/latent$/, handle: async (_q, res, [id]) => sendJson(res, 200, await latent.get(await runDir(id!))) },
    { method: 'GET', pattern: /^\/api\/runs\/([^/]+)\/anomaly$/, handle: async (_q, res, [id]) => sendJson(res, 200, await anomaly.get(await runDir(id!))) },
    { method: 'POST', pattern: /^\/api\/runs\/([^/]+)\/stop$/, handle: (_q, res, [id]) => sendJson(res, 200, jobs.stop(checkRunId(id!))) },
    {
      method: 'GET',
      pattern: /^\/api\/options$/,
      handle: (_q, res) =>
        sendJson(res, 200, {
          models: listModels()
            .filter((m) => trainableModels().includes(m.name))
            .map((m) => ({ name: m.name, description: m.description })),
          datasets: trainableDatasets(),
          limits: TRAIN_LIMITS,
        }),
    },
    { method: 'POST', pattern: /^\/api\/train$/, handle: async (req, res) => sendJson(res, 202, jobs.start(parseTrainRequest(await readJsonBody(req)))) },
    { method: 'GET', pattern: /^\/runs\/(.*)$/, handle: (_q, res, [rest]) => sendFile(res, runsDir, rest!) },
  ];

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!hostAllowed(req.headers.host, port, options)) throw new HttpError(403, `host header '${req.headers.host ?? ''}' is not this server's loopback address`);
    const rawPath = (req.url ?? '/').split('?')[0]!;
    if (req.method === 'POST' && req.headers.origin && req.headers.origin !== `http://${req.headers.host}`) {
      throw new HttpError(403, `origin ${req.headers.origin} may not post to this dashboard`);
    }
    // Matched on the raw path, so '..' or an encoded slash can never be normalised into a route.
    for (const route of routes) {
      const match = route.pattern.exec(rawPath);
      if (!match) continue;
      if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD')) {
        throw new HttpError(405, `${rawPath}: method ${req.method} not allowed (use ${route.method})`);
      }
      // Parameters stay percent-encoded: run ids allow no '%' (checkRunId), file paths are decoded by safeSegments.
      await route.handle(req, res, match.slice(1));
      return;
    }
    if (rawPath.startsWith('/api/')) throw new HttpError(404, `no such API: ${rawPath}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${rawPath}: method ${req.method} not allowed`);
    await sendApp(res, appDir, rawPath);
  };

  const server = http.createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    handle(req, res).catch((error: unknown) => sendError(res, error));
  });
  server.requestTimeout = 60_000;
  // Idle connections are closed: one that never finishes its headers, a keep-alive one left open,
  // and any socket silent for idleTimeoutMs (the event stream's heartbeat keeps live ones busy).
  const idle = options.idleTimeoutMs ?? 60_000;
  server.headersTimeout = Math.min(idle, 10_000);
  server.keepAliveTimeout = Math.min(idle, 5_000);
  server.timeout = idle;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} on ${host} is already in use; choose another with --port (0 picks a free one)`));
      else if (error.code === 'EADDRNOTAVAIL') reject(new Error(`host ${host}: not an address of this machine`));
      else reject(error);
    });
    server.listen(port, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    jobs,
    close: async () => {
      await jobs.stopAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function sendFile(res: http.ServerResponse, root: string, rawPath: string): Promise<void> {
  const file = await resolveFileInside(root, rawPath);
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file);
    stream.once('open', () => {
      res.writeHead(200, { 'content-type': contentTypeFor(file), 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' });
      stream.pipe(res);
    });
    stream.once('error', reject);
    stream.once('end', resolve);
  });
}

const MISSING_APP = `<!doctype html><meta charset="utf-8"><title>aekit dashboard</title>
<p>The dashboard's web app is not built. Run <code>npm run build:dashboard</code> in the aekit folder (npm install does it too).</p>`;

/** The single-page app: its assets, and index.html for '/'. */
async function sendApp(res: http.ServerResponse, appDir: string, rawPath: string): Promise<void> {
  const relative = rawPath === '/' ? 'index.html' : rawPath.slice(1);
  safeSegments(relative); // refuse traversal before looking at the disk
  if (!existsSync(path.join(appDir, 'index.html'))) {
    res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
    res.end(MISSING_APP);
    return;
  }
  await sendFile(res, appDir, relative);
}
