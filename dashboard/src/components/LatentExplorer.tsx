/**
 * The latent explorer: test codes as a scatter coloured by label (the code itself when it has 2
 * values, else its 2-D PCA projection); clicking or dragging in the plane lifts the point back to
 * a code and decodes it in the page. For a VAE, also the manifold grid: decoded images at the
 * standard-normal quantiles of the plane.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, type LatentView } from '../api.js';
import { liftPoint, normalQuantile } from '../../../src/server/latent-plane.js';
import { loadDecoder, type Decoder } from '../decoder.js';
import { cssColor, drawImage, toImageData } from '../images.js';

const PLANE = 480;
const DECODED = 196;
const MANIFOLD_STEPS = 15;
const MANIFOLD_TILE = 28;

interface Bounds {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function boundsOf(points: number[]): Bounds {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < points.length; i += 2) {
    x0 = Math.min(x0, points[i]!);
    x1 = Math.max(x1, points[i]!);
    y0 = Math.min(y0, points[i + 1]!);
    y1 = Math.max(y1, points[i + 1]!);
  }
  const padX = (x1 - x0 || 1) * 0.06;
  const padY = (y1 - y0 || 1) * 0.06;
  return { x0: x0 - padX, x1: x1 + padX, y0: y0 - padY, y1: y1 + padY };
}

function drawPlane(canvas: HTMLCanvasElement, view: LatentView, bounds: Bounds, marker: [number, number] | null): void {
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, PLANE, PLANE);
  const px = (x: number): number => ((x - bounds.x0) / (bounds.x1 - bounds.x0)) * PLANE;
  const py = (y: number): number => PLANE - ((y - bounds.y0) / (bounds.y1 - bounds.y0)) * PLANE;
  ctx.globalAlpha = 0.75;
  for (let i = 0; i < view.points.length / 2; i++) {
    ctx.fillStyle = cssColor(view.labels ? view.labels[i]! : null);
    ctx.beginPath();
    ctx.arc(px(view.points[2 * i]!), py(view.points[2 * i + 1]!), 2.5, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.globalAlpha = 1;
  if (marker) {
    const [mx, my] = [px(marker[0]), py(marker[1])];
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(mx - 9, my);
    ctx.lineTo(mx + 9, my);
    ctx.moveTo(mx, my - 9);
    ctx.lineTo(mx, my + 9);
    ctx.stroke();
  }
}

export function LatentExplorer({ id }: { id: string }) {
  const [view, setView] = useState<LatentView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [point, setPoint] = useState<[number, number] | null>(null);
  const decoder = useRef<Decoder | null>(null);
  const plane = useRef<HTMLCanvasElement>(null);
  const decoded = useRef<HTMLCanvasElement>(null);
  const manifold = useRef<HTMLCanvasElement>(null);
  const dragging = useRef(false);

  useEffect(() => {
    let cancelled = false;
    api
      .latent(id)
      .then(async (v) => {
        const d = await loadDecoder(id, v.modelFolder, v.codeShape);
        if (cancelled) return d.dispose();
        decoder.current = d;
        setView(v);
      })
      .catch((e: Error) => setError(e.message));
    return () => {
      cancelled = true;
      decoder.current?.dispose();
      decoder.current = null;
    };
  }, [id]);

  const bounds = view ? boundsOf(view.points) : null;

  useEffect(() => {
    if (view && bounds && plane.current) drawPlane(plane.current, view, bounds, point);
  }, [view, point]);

  // The decoded image of the chosen point.
  useEffect(() => {
    if (!view || !point || !decoder.current || !decoded.current) return;
    const image = decoder.current.decode(liftPoint(view.lift, point[0], point[1]), 1);
    drawImage(decoded.current, toImageData(image, view.imageShape));
  }, [view, point]);

  // The VAE manifold: the plane's standard-normal quantiles, decoded in one batch.
  useEffect(() => {
    if (!view?.variational || !decoder.current || !manifold.current) return;
    const n = MANIFOLD_STEPS;
    const codeSize = view.lift.origin.length;
    const codes = new Float32Array(n * n * codeSize);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const x = normalQuantile((col + 0.5) / n);
        const y = normalQuantile(1 - (row + 0.5) / n);
        codes.set(liftPoint(view.lift, x, y), (row * n + col) * codeSize);
      }
    }
    const images = decoder.current.decode(codes, n * n);
    const size = images.length / (n * n);
    for (let k = 0; k < n * n; k++) {
      const tile = toImageData(images.subarray(k * size, (k + 1) * size), view.imageShape);
      drawImage(manifold.current, tile, (k % n) * MANIFOLD_TILE, Math.floor(k / n) * MANIFOLD_TILE, MANIFOLD_TILE, MANIFOLD_TILE);
    }
  }, [view]);

  if (error) return <p class="error">{error}</p>;
  if (!view || !bounds) return <p>Encoding test images and loading the decoder…</p>;

  const choose = (event: MouseEvent): void => {
    const rect = (event.currentTarget as HTMLCanvasElement).getBoundingClientRect();
    const fx = (event.clientX - rect.left) / rect.width;
    const fy = (event.clientY - rect.top) / rect.height;
    setPoint([bounds.x0 + fx * (bounds.x1 - bounds.x0), bounds.y1 - fy * (bounds.y1 - bounds.y0)]);
  };
  const classes = view.labels ? [...new Set(view.labels)].sort((a, b) => a - b) : [];
  return (
    <div class="latent">
      <div>
        <canvas
          id="latent-plane"
          ref={plane}
          width={PLANE}
          height={PLANE}
          onMouseDown={(e) => {
            dragging.current = true;
            choose(e);
          }}
          onMouseMove={(e) => dragging.current && choose(e)}
          onMouseUp={() => (dragging.current = false)}
          onMouseLeave={() => (dragging.current = false)}
        />
        <p class="hint">
          {view.projection === 'pca'
            ? `2-D PCA of the ${view.lift.origin.length}-value codes of ${view.points.length / 2} test images; a point is lifted back through the PCA before decoding.`
            : `The 2-D codes of ${view.points.length / 2} test images.`}{' '}
          Click or drag to decode.
        </p>
        <p class="legend">
          {classes.map((c) => (
            <span key={c}>
              <i style={{ background: cssColor(c) }} /> {view.classNames?.[c] ?? c}
            </span>
          ))}
        </p>
      </div>
      <div>
        <h3>decoded</h3>
        <canvas id="decoded" ref={decoded} width={DECODED} height={DECODED} data-x={point?.[0]} data-y={point?.[1]} />
        <p class="coords">{point ? `(${point[0].toFixed(3)}, ${point[1].toFixed(3)})` : 'pick a point'}</p>
        {view.variational && (
          <>
            <h3>manifold</h3>
            <canvas id="manifold" ref={manifold} width={MANIFOLD_STEPS * MANIFOLD_TILE} height={MANIFOLD_STEPS * MANIFOLD_TILE} />
          </>
        )}
      </div>
    </div>
  );
}
