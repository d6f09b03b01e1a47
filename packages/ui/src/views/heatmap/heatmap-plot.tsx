import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatTime } from '../../model/format.js';
import { cellColor } from '../../model/heatmap/colors.js';
import { columnAt, type Heatmap, rowLabel, rowPosition } from '../../model/heatmap/heatmap.js';
import { dragToZoom } from '../drag-to-zoom.js';
import { drawCells } from './draw-cells.js';
import './heatmap.css';

/** A line over the heatmap (a quantile), in the buckets' own unit. */
export interface HeatmapLine {
  name: string;
  color: string;
  values: (number | null)[];
}

interface Props {
  heatmap: Heatmap;
  /** Writes a bucket bound (the y axis, the tooltip). */
  formatBound: (value: number) => string;
  /** Writes a count or rate. */
  formatCount: (value: number) => string;
  height: number;
  lines?: HeatmapLine[];
  onZoom?: (start: number, end: number) => void;
}

/** One empty list, so a plot without lines keeps equal props and is not rebuilt on hover. */
const NO_LINES: HeatmapLine[] = [];

/** At most this many labels on the bucket axis: every k-th bound is written. */
const MAX_Y_LABELS = 8;

/**
 * The heatmap: uPlot draws the time axis, the bucket axis, the cursor, drag-to-zoom and the
 * quantile lines; the cells are painted in its drawAxes hook, because uPlot has no heatmap
 * series (Grafana's heatmap panel paints its own cells on uPlot the same way). Text (bucket
 * bounds, counts) goes into the DOM as text, never as markup.
 */
export function HeatmapPlot({
  heatmap,
  formatBound,
  formatCount,
  height,
  lines = NO_LINES,
  onZoom,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const zoom = useRef(onZoom);
  zoom.current = onZoom;
  const [hover, setHover] = useState<{ column: number; row: number } | null>(null);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const { rows, xs, step } = heatmap;
    const every = Math.max(1, Math.ceil((rows.length + 1) / MAX_Y_LABELS));
    const bound = (i: number) => (i < rows.length ? rows[i]?.lower : rows[i - 1]?.upper) ?? 0;
    const axis = {
      stroke: 'currentColor',
      grid: { stroke: 'rgba(128,128,128,0.15)' },
      ticks: { show: false },
    };
    const options: uPlot.Options = {
      width: Math.max(300, element.clientWidth),
      height,
      legend: { show: false },
      cursor: { points: { show: false } },
      scales: {
        x: { time: true, range: [(xs[0] ?? 0) - step, xs[xs.length - 1] ?? 0] },
        y: { auto: false, range: [0, rows.length] },
      },
      axes: [
        axis,
        {
          ...axis,
          size: 80,
          splits: () =>
            Array.from({ length: rows.length + 1 }, (_, i) => i).filter(
              (i) => i % every === 0 || i === rows.length,
            ),
          values: (_u, splits) => splits.map((i) => formatBound(bound(i))),
        },
      ],
      series: [
        {},
        ...lines.map((line) => ({
          label: line.name,
          stroke: line.color,
          width: 2,
          spanGaps: false,
          points: { show: false },
        })),
      ],
      plugins: onZoom ? [dragToZoom((start, end) => zoom.current?.(start, end))] : [],
      hooks: {
        drawAxes: [(u: uPlot) => drawCells(u, heatmap, cellColor)],
        setCursor: [
          (u: uPlot) => {
            const { left, top } = u.cursor;
            if (left === undefined || top === undefined || left < 0 || top < 0) {
              setHover(null);
              return;
            }
            const column = columnAt(heatmap, u.posToVal(left, 'x'));
            const row = Math.floor(u.posToVal(top, 'y'));
            setHover(column === null || row < 0 || row >= rows.length ? null : { column, row });
          },
        ],
      },
    };
    const data = [
      xs,
      ...lines.map((line) => line.values.map((v) => rowPosition(rows, v))),
    ] as uPlot.AlignedData;
    const plot = new uPlot(options, data, element);
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(300, element.clientWidth), height }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [heatmap, height, lines, formatBound, onZoom === undefined]);

  const cells = heatmap.counts.reduce((n, row) => n + row.filter((c) => c > 0).length, 0);
  const row = hover ? heatmap.rows[hover.row] : undefined;
  return (
    <div class="heatmap" data-rows={heatmap.rows.length} data-cells={cells}>
      <div ref={host} class="heatmap-plot" />
      <div class="heatmap-legend">
        {hover && row ? (
          <span class="heatmap-tooltip">
            <span class="heatmap-time">
              {formatTime((heatmap.xs[hover.column] ?? 0) * 1e6).slice(0, 19)}
            </span>{' '}
            <span class="heatmap-bucket">{rowLabel(row, formatBound)}</span>{' '}
            <strong class="heatmap-count">
              {formatCount(heatmap.counts[hover.row]?.[hover.column] ?? 0)}
            </strong>
          </span>
        ) : (
          <span class="heatmap-hint">point at a cell for its bucket and count</span>
        )}
        <span class="heatmap-scale" title="colour by count">
          0 <span class="heatmap-ramp" /> {formatCount(heatmap.max)}
        </span>
        {lines.map((line) => (
          <span key={line.name} class="heatmap-line">
            <span class="swatch" style={{ background: line.color }} />
            {line.name}
          </span>
        ))}
        <span class="heatmap-note">
          {heatmap.rows.length} buckets
          {heatmap.merged > 1 ? ` (${heatmap.merged} merged into each)` : ''}
          {heatmap.series > 1 ? ` · ${heatmap.series} series summed` : ''}
        </span>
      </div>
    </div>
  );
}
