import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ExemplarSet } from '../../model/exemplars.js';
import { legendClick } from '../../model/metrics/legend.js';
import { type PlotData, stackSeries } from '../../model/metrics/plot-data.js';
import { formatValue, type Unit } from '../../model/metrics/units.js';
import { dragToZoom } from '../drag-to-zoom.js';
import { ExemplarMarkers, exemplarYRange } from '../exemplar-markers.js';
import { ExemplarList } from './exemplar-list.js';

const COLORS = [
  '#2f6fd0',
  '#e0822b',
  '#3a9d4a',
  '#d33a3a',
  '#8a5cc8',
  '#8c5a3c',
  '#d065b4',
  '#7f7f7f',
  '#b5b52a',
  '#23a8b8',
];
export const seriesColor = (index: number) => COLORS[index % COLORS.length] as string;

interface Props {
  data: PlotData;
  stacked: boolean;
  unit: Unit;
  /** Drawn as dots that open their traces; the y axis stretches to hold them. */
  exemplars: ExemplarSet[];
  /** A time range dragged across the graph, in epoch seconds. */
  onZoom: (start: number, end: number) => void;
}

/**
 * The range query's graph (uPlot) with its exemplars, and its legend: click toggles, shift- or
 * alt-click isolates. Dragging across the graph zooms to that time range.
 */
export function Graph({ data, stacked, unit, exemplars, onZoom }: Props) {
  const zoom = useRef(onZoom);
  zoom.current = onZoom;
  const host = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(() => data.series.map(() => true));
  const [cursor, setCursor] = useState<number | null>(null);
  const [plot, setPlot] = useState<uPlot | null>(null);
  // Bumped when the plot is resized or rescaled (uPlot sets its scales after its constructor
  // returns), so the exemplar dots are placed again.
  const [layout, setLayout] = useState(0);
  useEffect(() => setVisible(data.series.map(() => true)), [data]);

  const columns = useMemo(() => {
    const raw = data.series.map((s) => s.values);
    return stacked ? stackSeries(raw, visible) : raw;
  }, [data, stacked, visible]);

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const styles = getComputedStyle(document.documentElement);
    const muted = styles.getPropertyValue('--muted').trim() || '#888';
    const grid = styles.getPropertyValue('--border').trim() || '#ddd';
    const axis = { stroke: muted, grid: { stroke: grid }, ticks: { stroke: grid } };
    const options: uPlot.Options = {
      width: Math.max(300, element.clientWidth),
      height: 320,
      legend: { show: false },
      cursor: { points: { size: 6 } },
      scales: {
        x: { time: true },
        y: { range: exemplarYRange(() => exemplars) },
      },
      axes: [
        axis,
        { ...axis, size: 70, values: (_u, ticks) => ticks.map((t) => formatValue(t, unit)) },
      ],
      series: [
        {},
        ...data.series.map((s, i) => ({
          label: s.name,
          show: visible[i] ?? true,
          stroke: seriesColor(i),
          width: 1.5,
          fill: stacked ? `${seriesColor(i)}40` : undefined,
          spanGaps: false,
        })),
      ],
      plugins: [dragToZoom((start, end) => zoom.current(start, end))],
      hooks: {
        setCursor: [(u: uPlot) => setCursor(u.cursor.idx ?? null)],
        setSize: [() => setLayout((n) => n + 1)],
        setScale: [() => setLayout((n) => n + 1)],
      },
    };
    const instance = new uPlot(options, [data.xs, ...columns] as uPlot.AlignedData, element);
    setPlot(instance);
    const resize = new ResizeObserver(() =>
      instance.setSize({ width: Math.max(300, element.clientWidth), height: 320 }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.destroy();
      setPlot(null);
    };
  }, [data, columns, unit, stacked, exemplars]);

  return (
    <div class="metrics-graph">
      <div class="metrics-plot-area">
        <div ref={host} class="metrics-plot" />
        {plot && exemplars.length > 0 && (
          <ExemplarMarkers
            plot={plot}
            sets={exemplars}
            layout={layout}
            format={(v) => formatValue(v, unit)}
          />
        )}
      </div>
      <ul class="metrics-legend" aria-label="series">
        {data.series.map((s, i) => (
          <li key={s.name} class={visible[i] ? undefined : 'hidden-series'}>
            <button
              type="button"
              title="click: show or hide · shift- or alt-click: only this one"
              onClick={(event) =>
                setVisible(legendClick(visible, i, event.shiftKey || event.altKey))
              }
            >
              <span class="swatch" style={{ background: seriesColor(i) }} />
              <span class="series-name">{s.name}</span>
              {cursor !== null && (
                <span class="series-value">{formatValue(s.values[cursor] ?? null, unit)}</span>
              )}
            </button>
          </li>
        ))}
      </ul>
      <ExemplarList sets={exemplars} unit={unit} />
    </div>
  );
}
