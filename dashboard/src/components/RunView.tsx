/**
 * One run: status, config, live loss / val_loss / lr curves (server-sent events) and the latest
 * reconstruction grid, with tabs for the latent explorer and the anomaly view.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, runFileUrl, watchRun, type RunDetail } from '../api.js';
import { formatNumber } from '../format.js';
import { LineChart, type Series } from './LineChart.js';
import { LatentExplorer } from './LatentExplorer.js';
import { AnomalyPanel } from './AnomalyPanel.js';

type Tab = 'curves' | 'latent' | 'anomaly';

/** The loss-like series of a history (everything but lr), as chart series. */
export function lossSeries(detail: RunDetail | null, prefix = ''): Series[] {
  const history = detail?.metrics;
  if (!history) return [];
  return Object.entries(history.metrics)
    .filter(([name]) => name !== 'lr')
    .map(([name, y]) => ({ label: `${prefix}${name}`, x: history.epoch.slice(0, y.length), y }));
}

export function ConfigTable({ config }: { config: Record<string, unknown> | null }) {
  if (!config) return null;
  const rows = Object.entries(config).map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : String(value)]);
  return (
    <table class="config">
      <tbody>
        {rows.map(([key, value]) => (
          <tr key={key}>
            <th>{key}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RunView({ id, tab }: { id: string; tab: Tab }) {
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setDetail(null);
    return watchRun(id, setDetail);
  }, [id]);

  // The event stream waits for a run that is still starting, so no reply yet is no error.
  if (!detail) return <p>Waiting for run {id}…</p>;
  const { summary, metrics } = detail;
  const status = summary.status;
  const lr = metrics?.metrics['lr'];
  const link = (to: Tab, label: string) => (
    <a class={tab === to ? 'tab active' : 'tab'} href={`#/run/${encodeURIComponent(id)}${to === 'curves' ? '' : `/${to}`}`}>
      {label}
    </a>
  );
  return (
    <section class="run">
      <h2>{id}</h2>
      {error && <p class="error">{error}</p>}
      <p class="status" data-state={status?.state ?? 'unknown'}>
        <strong>{status?.state ?? 'no status'}</strong> · epoch <span data-epochs-done>{status?.epochsDone ?? 0}</span> / {status?.epochs ?? '?'}
        {status?.samplesPerSecond ? ` · ${Math.round(status.samplesPerSecond)} samples/s` : ''}
        {status?.stopReason ? ` · ${status.stopReason}` : ''}
        {status?.error ? <span class="error"> · {status.error}</span> : null}
        {status?.state === 'running' && (
          <button class="stop" onClick={() => api.stop(id).catch((e: Error) => setError(e.message))}>
            stop
          </button>
        )}
      </p>
      <nav class="tabs">
        {link('curves', 'Curves')}
        {link('latent', 'Latent explorer')}
        {link('anomaly', 'Anomalies')}
      </nav>
      {tab === 'curves' && (
        <div class="curves">
          <div class="charts">
            <LineChart title="loss" series={lossSeries(detail)} />
            {lr && <LineChart title="learning rate" series={[{ label: 'lr', x: metrics!.epoch.slice(0, lr.length), y: lr }]} logScale />}
          </div>
          <div class="side">
            {summary.hasReconstructions && (
              <figure>
                <img class="reconstructions" src={`${runFileUrl(id, 'reconstructions.png')}?v=${summary.updatedAt}`} alt="test images (top) and their reconstructions (bottom)" />
                <figcaption>test images above their reconstructions, latest epoch</figcaption>
              </figure>
            )}
            <h3>{status?.state === 'running' ? 'latest metrics' : 'final metrics'}</h3>
            <table class="config">
              <tbody>
                {Object.entries(summary.final).map(([k, v]) => (
                  <tr key={k}>
                    <th>{k}</th>
                    <td>{formatNumber(v)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>config</h3>
            <ConfigTable config={summary.config} />
          </div>
        </div>
      )}
      {tab === 'latent' && (summary.modelFolder ? <LatentExplorer id={id} key={`${id}/${summary.modelFolder}`} /> : <p>No saved model yet.</p>)}
      {tab === 'anomaly' && (summary.modelFolder ? <AnomalyPanel id={id} key={id} /> : <p>No saved model yet.</p>)}
    </section>
  );
}
