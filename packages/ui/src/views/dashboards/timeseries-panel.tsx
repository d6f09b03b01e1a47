import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PromQuery } from '../../model/dashboards/panel-queries.js';
import { alignSeries } from '../../model/dashboards/series.js';
import { formatValue } from '../../model/dashboards/units.js';
import type { ExemplarSet } from '../../model/exemplars.js';
import { dragToZoom } from '../drag-to-zoom.js';
import { ExemplarMarkers, exemplarYRange } from '../exemplar-markers.js';
import { queryExemplars } from './dashboard-api.js';
import type { PanelData, QueryWindow } from './panel-view.js';
import { useLiveFetch } from './use-live-fetch.js';
import { ZoomContext } from './zoom-context.js';

/** Grafana's classic palette, series by series. */
const PALETTE = [
  '#7eb26d',
  '#eab839',
  '#6ed0e0',
  '#ef843c',
  '#e24d42',
  '#1f78c1',
  '#ba43a9',
  '#705da0',
  '#508642',
  '#cca300',
];

/** One empty list, so a panel without exemplars keeps equal props from render to render. */
const NO_EXEMPLARS: ExemplarSet[] = [];

/**
 * Lines of every series with uPlot, sized to the panel; exemplar dots link to their traces, and
 * dragging across it zooms the dashboard to that range.
 */
export function TimeseriesPanel({
  data,
  unit,
  decimals,
  queries,
  window,
}: {
  data: PanelData;
  unit?: string;
  decimals?: number;
  queries: PromQuery[];
  window: QueryWindow;
}) {
  const box = useRef<HTMLDivElement>(null);
  // The plot is built once per size and data: it calls the newest zoom through this.
  const onZoom = useContext(ZoomContext);
  const zoom = useRef(onZoom);
  zoom.current = onZoom;
  const [plot, setPlot] = useState<uPlot | null>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  // Bumped when uPlot has (re)computed its scales: the exemplar dots are placed from them, and
  // uPlot sets them after its constructor returns, so a render right after would find none.
  const [layout, setLayout] = useState(0);
  const withExemplars = queries.filter((q) => q.exemplar);
  const exemplarKey = withExemplars.length
    ? JSON.stringify([withExemplars.map((q) => q.expr), window.start, window.end])
    : null;
  const exemplars = useLiveFetch(exemplarKey, async (signal) =>
    (
      await Promise.all(
        withExemplars.map((q) => queryExemplars(q.expr, window.start, window.end, signal)),
      )
    ).flat(),
  );

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() =>
      setSize({ width: Math.floor(element.clientWidth), height: Math.floor(element.clientHeight) }),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const exemplarSets = exemplars.data ?? NO_EXEMPLARS;
  // Read by the y range, so new exemplars rescale the plot instead of rebuilding it.
  const exemplarsRef = useRef(exemplarSets);
  exemplarsRef.current = exemplarSets;
  const live = useRef<uPlot | null>(null);

  useEffect(() => {
    const element = box.current;
    if (!element || !size || size.width < 10 || !data.series.length) return;
    const legendRows = Math.min(3, data.series.length);
    const options: uPlot.Options = {
      width: size.width,
      height: Math.max(60, size.height - 26 * legendRows - 4),
      legend: { show: true, live: true },
      cursor: { points: { show: false } },
      hooks: { setScale: [() => setLayout((n) => n + 1)] },
      plugins: [dragToZoom((start, end) => zoom.current?.(start, end))],
      scales: {
        x: { time: true, range: [window.start, window.end] },
        // As Grafana does, the y axis holds the exemplars too.
        y: { range: exemplarYRange(() => exemplarsRef.current) },
      },
      axes: [
        {
          stroke: 'currentColor',
          grid: { stroke: 'rgba(128,128,128,0.15)' },
          ticks: { show: false },
        },
        {
          stroke: 'currentColor',
          grid: { stroke: 'rgba(128,128,128,0.15)' },
          ticks: { show: false },
          size: 84,
          values: (_u, values) => values.map((v) => formatValue(v, unit, decimals)),
        },
      ],
      series: [
        {},
        ...data.series.map((series, i) => ({
          label: series.name || ' ',
          stroke: PALETTE[i % PALETTE.length],
          width: 1.5,
          spanGaps: false,
          value: (_u: uPlot, v: number | null) =>
            v === null ? '–' : formatValue(v, unit, decimals),
        })),
      ],
    };
    const instance = new uPlot(options, alignSeries(data.series) as uPlot.AlignedData, element);
    live.current = instance;
    setPlot(instance);
    return () => {
      instance.destroy();
      live.current = null;
      setPlot(null);
    };
  }, [data, size, unit, decimals, window.start, window.end]);

  // New exemplars: the same data again, so uPlot ranges its y axis afresh (the dots included).
  useEffect(() => {
    const instance = live.current;
    if (instance && exemplarSets.length) instance.setData(instance.data);
  }, [exemplarSets]);

  const points = data.series.reduce((n, s) => n + s.points.filter(([, v]) => v !== null).length, 0);
  return (
    <div class="timeseries" ref={box} data-points={points}>
      {!data.series.length && <p class="panel-note">No data</p>}
      {plot && exemplarSets.length > 0 && (
        <ExemplarMarkers
          plot={plot}
          sets={exemplarSets}
          layout={layout}
          format={(v) => formatValue(v, unit, decimals)}
        />
      )}
    </div>
  );
}
