/** A uPlot line chart of metric series over epochs; updates in place when the data grows. */
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { cssColor } from '../images.js';

export interface Series {
  label: string;
  x: number[];
  y: number[];
}

interface Props {
  title: string;
  series: Series[];
  logScale?: boolean;
  width?: number;
  height?: number;
}

/** uPlot wants one shared x array: the union of the series' epochs (shown from 1), gaps as null. */
function align(series: Series[]): uPlot.AlignedData {
  const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  const columns = series.map((s) => {
    const byX = new Map(s.x.map((x, i) => [x, s.y[i]!]));
    return xs.map((x) => byX.get(x) ?? null);
  });
  return [xs.map((x) => x + 1), ...columns] as uPlot.AlignedData;
}

export function LineChart({ title, series, logScale = false, width = 520, height = 260 }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((s) => s.label).join('|') + String(logScale);

  useEffect(() => {
    const options: uPlot.Options = {
      title,
      width,
      height,
      scales: { x: { time: false }, y: logScale ? { distr: 3 } : {} },
      // Whole epochs only, counted from 1 as the trainer prints them.
      axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500] }, {}],
      series: [{ label: 'epoch' }, ...series.map((s, i) => ({ label: s.label, stroke: cssColor(i), width: 2, points: { show: true, size: 5 } }))],
    };
    plot.current = new uPlot(options, align(series), host.current!);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, [shape, width, height]);

  useEffect(() => {
    plot.current?.setData(align(series));
  }, [series]);

  const points = series.length ? Math.max(...series.map((s) => s.y.length)) : 0;
  return <div class="chart" data-chart={title} data-points={points} ref={host} />;
}
