/** The aekit dashboard: a hash-routed single page over the server's runs API. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, type RunList as Runs } from './api.js';
import { RunList } from './components/RunList.js';
import { RunView } from './components/RunView.js';
import { CompareView } from './components/CompareView.js';
import { TrainPanel } from './components/TrainPanel.js';
import './style.css';

const RUN_LIST_REFRESH_MS = 2000;

type Route = { page: 'home' } | { page: 'run'; id: string; tab: 'curves' | 'latent' | 'anomaly' } | { page: 'compare'; ids: string[] };

function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'run' && parts[1]) {
    const tab = parts[2] === 'latent' || parts[2] === 'anomaly' ? parts[2] : 'curves';
    return { page: 'run', id: parts[1], tab };
  }
  if (parts[0] === 'compare' && parts[1]) return { page: 'compare', ids: parts[1].split(',').filter(Boolean) };
  return { page: 'home' };
}

function Home() {
  const [runs, setRuns] = useState<Runs | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  useEffect(() => {
    const load = (): void => void api.runs().then((r) => (setRuns(r), setError(null)), (e: Error) => setError(e.message));
    load();
    const timer = setInterval(load, RUN_LIST_REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return (
    <>
      <section>
        <h2>Runs</h2>
        {error && <p class="error">{error}</p>}
        {runs && <RunList runs={runs.runs} jobs={runs.jobs} selected={selected} onSelect={setSelected} />}
        <p>
          <a class={selected.length >= 2 ? 'button' : 'button disabled'} href={selected.length >= 2 ? `#/compare/${selected.map(encodeURIComponent).join(',')}` : undefined}>
            compare selected ({selected.length})
          </a>
        </p>
      </section>
      <TrainPanel onStarted={(id) => (location.hash = `#/run/${encodeURIComponent(id)}`)} />
    </>
  );
}

function App() {
  const [route, setRoute] = useState(parseRoute(location.hash));
  useEffect(() => {
    const onHash = (): void => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return (
    <>
      <header>
        <a href="#/">
          <strong>aekit</strong> dashboard
        </a>
      </header>
      <main>
        {route.page === 'home' && <Home />}
        {route.page === 'run' && <RunView id={route.id} tab={route.tab} />}
        {route.page === 'compare' && <CompareView ids={route.ids} />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
