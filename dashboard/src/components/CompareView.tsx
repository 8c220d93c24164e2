/** Runs side by side: their val_loss (and loss) curves on one chart, configs and final metrics in columns. */
import { useEffect, useState } from 'preact/hooks';
import { api, type RunDetail } from '../api.js';
import { formatNumber } from '../format.js';
import { LineChart, type Series } from './LineChart.js';

function curve(detail: RunDetail, metric: string): Series | null {
  const values = detail.metrics?.metrics[metric];
  if (!values) return null;
  return { label: `${detail.summary.id} ${metric}`, x: detail.metrics!.epoch.slice(0, values.length), y: values };
}

function flatten(record: Record<string, unknown> | null, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record ?? {})) {
    if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, flatten(value as Record<string, unknown>, `${prefix}${key}.`));
    else out[`${prefix}${key}`] = Array.isArray(value) ? JSON.stringify(value) : String(value);
  }
  return out;
}

export function CompareView({ ids }: { ids: string[] }) {
  const [details, setDetails] = useState<RunDetail[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all(ids.map((id) => api.run(id))).then(setDetails, (e: Error) => setError(e.message));
  }, [ids.join(',')]);
  if (error) return <p class="error">{error}</p>;
  if (details.length === 0) return <p>Loading…</p>;
  const valSeries = details.map((d) => curve(d, 'val_loss')).filter((s): s is Series => s !== null);
  const lossSeries = details.map((d) => curve(d, 'loss')).filter((s): s is Series => s !== null);
  const configs = details.map((d) => flatten(d.summary.config));
  const keys = [...new Set(configs.flatMap((c) => Object.keys(c)))].filter((k) => k !== 'createdAt');
  const metrics = [...new Set(details.flatMap((d) => Object.keys(d.summary.final)))];
  return (
    <section class="compare">
      <h2>Comparing {details.length} runs</h2>
      <div class="charts">
        <LineChart title="val_loss" series={valSeries} />
        <LineChart title="loss" series={lossSeries} />
      </div>
      <table class="config side-by-side">
        <thead>
          <tr>
            <th />
            {details.map((d) => (
              <th key={d.summary.id}>
                <a href={`#/run/${encodeURIComponent(d.summary.id)}`}>{d.summary.id}</a>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m} class="metric">
              <th>final {m}</th>
              {details.map((d) => (
                <td key={d.summary.id}>{formatNumber(d.summary.final[m])}</td>
              ))}
            </tr>
          ))}
          {keys.map((k) => {
            const values = configs.map((c) => c[k] ?? '—');
            const differs = new Set(values).size > 1;
            return (
              <tr key={k} class={differs ? 'differs' : ''}>
                <th>{k}</th>
                {values.map((v, i) => (
                  <td key={i}>{v}</td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
