/** Start a training run from the browser: dataset, model and the main options, checked by the server. */
import { useEffect, useState } from 'preact/hooks';
import { api, type TrainOptions, type TrainRequest } from '../api.js';

const NUMBER_FIELDS: { key: keyof TrainRequest; label: string; step: string }[] = [
  { key: 'epochs', label: 'epochs', step: '1' },
  { key: 'batchSize', label: 'batch size', step: '1' },
  { key: 'learningRate', label: 'learning rate', step: 'any' },
  { key: 'limit', label: 'samples (limit)', step: '1' },
  { key: 'seed', label: 'seed', step: '1' },
];

export function TrainPanel({ onStarted }: { onStarted(runId: string): void }) {
  const [options, setOptions] = useState<TrainOptions | null>(null);
  const [form, setForm] = useState<TrainRequest>({ model: 'dense', dataset: 'mnist', epochs: 10, batchSize: 128, learningRate: 0.001, limit: 10000, seed: 1 });
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    api.options().then(setOptions, (e: Error) => setMessage(e.message));
  }, []);
  if (!options) return null;

  const set = (key: keyof TrainRequest, value: string | number): void => setForm({ ...form, [key]: value });
  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    try {
      const job = await api.train(form);
      setMessage(`started ${job.runId}`);
      onStarted(job.runId);
    } catch (error) {
      setMessage((error as Error).message);
    }
  };
  return (
    <form class="train" onSubmit={(e) => void submit(e)}>
      <h2>Train a model</h2>
      <label>
        model
        <select name="model" value={form.model} onChange={(e) => set('model', (e.currentTarget as HTMLSelectElement).value)}>
          {options.models.map((m) => (
            <option key={m.name} value={m.name} title={m.description}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        dataset
        <select name="dataset" value={form.dataset} onChange={(e) => set('dataset', (e.currentTarget as HTMLSelectElement).value)}>
          {options.datasets.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      {NUMBER_FIELDS.map(({ key, label, step }) => {
        const limits = options.limits[key as keyof TrainOptions['limits']];
        return (
          <label key={key}>
            {label}
            <input name={key} type="number" min={limits.min} max={limits.max} step={step} value={form[key]} onInput={(e) => set(key, Number((e.currentTarget as HTMLInputElement).value))} />
          </label>
        );
      })}
      <button type="submit">start training</button>
      {message && <p class="message">{message}</p>}
    </form>
  );
}
