/**
 * The anomaly view: test images ranked by anomaly score (highest first), a threshold slider,
 * and the precision and recall that threshold gives when one class is taken as normal and every
 * other class as an anomaly.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type AnomalyView } from '../api.js';
import { precisionRecallAt } from '../../../src/evaluation/ranking.js';
import { decodeBase64, drawImage, toImageData } from '../images.js';
import { formatNumber } from '../format.js';

const SHOWN = 60;
const TILE = 56;

function Tile({ pixels, shape, flagged, caption }: { pixels: Uint8Array; shape: number[]; flagged: boolean; caption: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (canvas.current) drawImage(canvas.current, toImageData(pixels, shape, 1));
  }, [pixels]);
  return (
    <figure class={flagged ? 'tile flagged' : 'tile'}>
      <canvas ref={canvas} width={TILE} height={TILE} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

export function AnomalyPanel({ id }: { id: string }) {
  const [view, setView] = useState<AnomalyView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [normal, setNormal] = useState(0);
  const [step, setStep] = useState(0);

  useEffect(() => {
    api.anomaly(id).then(setView, (e: Error) => setError(e.message));
  }, [id]);

  const ranked = useMemo(() => (view ? view.scores.map((_, i) => i).sort((a, b) => view.scores[b]! - view.scores[a]!) : []), [view]);
  const images = useMemo(() => (view ? decodeBase64(view.images) : new Uint8Array()), [view]);

  // Default threshold: flag the top 10%.
  useEffect(() => {
    if (ranked.length) setStep(Math.max(0, Math.floor(ranked.length * 0.1) - 1));
  }, [ranked]);

  if (error) return <p class="error">{error}</p>;
  if (!view) return <p>Scoring test images…</p>;
  // Slider position k flags the k+1 highest-scoring images: the threshold sits just below the (k+1)-th score.
  const threshold = (view.scores[ranked[Math.min(step + 1, ranked.length - 1)]!]! + view.scores[ranked[step]!]!) / 2;
  const classes = view.labels ? [...new Set(view.labels)].sort((a, b) => a - b) : [];
  const isAnomaly = view.labels ? view.labels.map((label) => label !== normal) : null;
  const pr = isAnomaly ? precisionRecallAt(view.scores, isAnomaly, threshold) : null;
  const size = view.imageShape.reduce((a, b) => a * b, 1);
  const name = (label: number): string => view.classNames?.[label] ?? String(label);
  return (
    <div class="anomaly">
      <div class="controls">
        {view.labels && (
          <label>
            normal class{' '}
            <select id="normal-class" value={normal} onChange={(e) => setNormal(Number((e.currentTarget as HTMLSelectElement).value))}>
              {classes.map((c) => (
                <option key={c} value={c}>
                  {name(c)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          threshold{' '}
          <input id="threshold" type="range" min={0} max={ranked.length - 1} value={step} onInput={(e) => setStep(Number((e.currentTarget as HTMLInputElement).value))} />{' '}
          <output>{formatNumber(threshold)}</output>
        </label>
        <p class="pr" data-flagged={pr?.flagged ?? step + 1}>
          flagged <strong>{pr?.flagged ?? step + 1}</strong> of {ranked.length}
          {pr && (
            <>
              {' '}
              · precision <strong data-precision>{formatNumber(pr.precision)}</strong> · recall <strong data-recall>{formatNumber(pr.recall)}</strong> (anomaly = not {name(normal)})
            </>
          )}
        </p>
      </div>
      <div class="tiles">
        {ranked.slice(0, SHOWN).map((index, rank) => (
          <Tile
            key={index}
            pixels={images.subarray(index * size, (index + 1) * size)}
            shape={view.imageShape}
            flagged={view.scores[index]! > threshold}
            caption={`#${rank + 1} ${view.labels ? name(view.labels[index]!) : ''} ${formatNumber(view.scores[index])}`}
          />
        ))}
      </div>
    </div>
  );
}
