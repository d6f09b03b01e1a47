import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { type Volume, volumeTotal } from '../../model/logql/volume.js';
import { stackSeries } from '../../model/metrics/plot-data.js';
import { dragToZoom } from '../drag-to-zoom.js';

const HEIGHT = 110;

/**
 * The log volume as Grafana's Explore draws it: lines per step as bars stacked by level, each
 * level in its colour, with a legend that counts them. A bar ends at its step's time (it counts
 * the lines of the step before). Dragging across it zooms the page to that stretch.
 */
export function LogVolume({
  volume,
  onZoom,
}: {
  volume: Volume;
  onZoom: (start: number, end: number) => void;
}) {
  const host = useRef<HTMLDivElement>(null);
  const zoom = useRef(onZoom);
  zoom.current = onZoom;
  const [cursor, setCursor] = useState<number | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const styles = getComputedStyle(document.documentElement);
    const muted = styles.getPropertyValue('--muted').trim() || '#888';
    const grid = styles.getPropertyValue('--border').trim() || '#ddd';
    const axis = { stroke: muted, grid: { stroke: grid }, ticks: { stroke: grid } };
    // uPlot draws series in order: the tallest (all levels summed) first, each lower one over it.
    const stacked = stackSeries(
      volume.levels.map((l) => l.counts),
      volume.levels.map(() => true),
    );
    const order = volume.levels.map((_, i) => volume.levels.length - 1 - i);
    const bars = uPlot.paths.bars?.({ size: [0.9, 40], align: -1 });
    const options: uPlot.Options = {
      width: Math.max(300, element.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [axis, { ...axis, size: 50 }],
      series: [
        {},
        ...order.map((i) => {
          const color = volume.levels[i]?.color as string;
          return { label: volume.levels[i]?.level, stroke: color, fill: color, paths: bars };
        }),
      ],
      plugins: [dragToZoom((start, end) => zoom.current(start, end))],
      hooks: { setCursor: [(u: uPlot) => setCursor(u.cursor.idx ?? null)] },
    };
    const columns = order.map((i) => stacked[i] ?? []);
    const plot = new uPlot(options, [volume.xs, ...columns] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(300, element.clientWidth), height: HEIGHT }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [volume]);

  const total = (counts: (number | null)[]) => counts.reduce<number>((s, c) => s + (c ?? 0), 0);
  return (
    <section class="log-volume" aria-label="log volume">
      <div ref={host} class="log-volume-plot" />
      <ul class="log-volume-legend">
        {volume.levels.map((l) => (
          <li key={l.level} data-level={l.level}>
            <span class="swatch" style={{ background: l.color }} />
            {l.level}{' '}
            <span class="muted">{cursor === null ? total(l.counts) : (l.counts[cursor] ?? 0)}</span>
          </li>
        ))}
        <li class="muted">
          {cursor === null
            ? `${volumeTotal(volume)} lines in the range`
            : `at ${new Date((volume.xs[cursor] ?? 0) * 1000).toLocaleTimeString()}`}
        </li>
      </ul>
    </section>
  );
}
