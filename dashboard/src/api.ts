/** The dashboard server's JSON API, typed by the server's own interfaces. */
import type { MetricsHistory, RunSummary } from '../../src/server/runs.js';
import type { JobInfo } from '../../src/server/training-jobs.js';
import type { AnomalyView, LatentView } from '../../src/server/run-analysis.js';
import type { TrainRequest, TRAIN_LIMITS } from '../../src/server/train-request.js';

export type { AnomalyView, JobInfo, LatentView, MetricsHistory, RunSummary, TrainRequest };

export interface RunList {
  runs: RunSummary[];
  jobs: JobInfo[];
}

export interface RunDetail {
  summary: RunSummary;
  metrics: MetricsHistory | null;
}

export interface TrainOptions {
  models: { name: string; description: string }[];
  datasets: string[];
  limits: typeof TRAIN_LIMITS;
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `${url}: HTTP ${response.status}`);
  return body;
}

const runPath = (id: string): string => `/api/runs/${encodeURIComponent(id)}`;

export const api = {
  runs: () => request<RunList>('/api/runs'),
  run: (id: string) => request<RunDetail>(runPath(id)),
  latent: (id: string) => request<LatentView>(`${runPath(id)}/latent`),
  anomaly: (id: string) => request<AnomalyView>(`${runPath(id)}/anomaly`),
  options: () => request<TrainOptions>('/api/options'),
  train: (body: TrainRequest) => request<JobInfo>('/api/train', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  stop: (id: string) => request<JobInfo>(`${runPath(id)}/stop`, { method: 'POST' }),
};

/** Live run updates (server-sent events): calls `onRun` with each new state until closed. */
export function watchRun(id: string, onRun: (detail: RunDetail) => void): () => void {
  const source = new EventSource(`${runPath(id)}/events`);
  source.addEventListener('run', (event) => onRun(JSON.parse((event as MessageEvent<string>).data) as RunDetail));
  return () => source.close();
}

/** URL of a file in a run folder (served from inside the runs folder only). */
export function runFileUrl(id: string, ...parts: string[]): string {
  return `/runs/${[id, ...parts].map(encodeURIComponent).join('/')}`;
}
