/** The runs folder at a glance: state, model, dataset, epochs and final metrics of every run. */
import type { JobInfo, RunSummary } from '../api.js';
import { api } from '../api.js';
import { formatNumber } from '../format.js';

interface Props {
  runs: RunSummary[];
  jobs: JobInfo[];
  selected: string[];
  onSelect(ids: string[]): void;
}

function modelName(run: RunSummary): string {
  // config.json names the model as a string, or (fixtures, older runs) as a spec object.
  const model = run.config?.['model'] as string | { name?: string } | undefined;
  return typeof model === 'string' ? model : (model?.name ?? '?');
}

export function RunList({ runs, jobs, selected, onSelect }: Props) {
  if (runs.length === 0) return <p class="empty">No runs yet. Start one below, or run <code>aekit train</code>.</p>;
  const toggle = (id: string): void => onSelect(selected.includes(id) ? selected.filter((s) => s !== id) : [...selected, id]);
  const runningJobs = new Set(jobs.filter((j) => j.running).map((j) => j.runId));
  return (
    <table class="runs">
      <thead>
        <tr>
          <th>compare</th>
          <th>run</th>
          <th>state</th>
          <th>model</th>
          <th>dataset</th>
          <th>epochs</th>
          <th>loss</th>
          <th>val_loss</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id} data-run={run.id}>
            <td>
              <input type="checkbox" checked={selected.includes(run.id)} onChange={() => toggle(run.id)} aria-label={`compare ${run.id}`} />
            </td>
            <td>
              <a href={`#/run/${encodeURIComponent(run.id)}`}>{run.id}</a>
            </td>
            <td class={`state state-${run.status?.state ?? 'unknown'}`}>{run.status?.state ?? '—'}</td>
            <td>{modelName(run)}</td>
            <td>{String(run.config?.['dataset'] ?? '?')}</td>
            <td>
              {run.status?.epochsDone ?? 0} / {run.status?.epochs ?? String(run.config?.['epochs'] ?? '?')}
            </td>
            <td>{formatNumber(run.final['loss'])}</td>
            <td>{formatNumber(run.final['val_loss'])}</td>
            <td>{runningJobs.has(run.id) && <button onClick={() => void api.stop(run.id)}>stop</button>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
