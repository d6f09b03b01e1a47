import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Panel } from '../../model/dashboards/grafana-types.js';
import { heatmapUnit, panelHeatmap } from '../../model/dashboards/heatmap-panel.js';
import type { PromQuery } from '../../model/dashboards/panel-queries.js';
import { formatValue } from '../../model/dashboards/units.js';
import { HeatmapPlot } from '../heatmap/heatmap-plot.js';
import { queryRange } from './dashboard-api.js';
import type { QueryWindow } from './panel-view.js';
import { useLiveFetch } from './use-live-fetch.js';

/** Room under the plot for the heatmap's legend line. */
const LEGEND_PX = 30;

/** Grafana's heatmap panel: its queries' histograms (native or classic le series) over time. */
export function HeatmapPanel({
  panel,
  queries,
  window,
  ready,
}: {
  panel: Panel;
  queries: PromQuery[];
  window: QueryWindow;
  ready: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [height, setHeight] = useState(0);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(Math.floor(element.clientHeight)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const key = ready ? JSON.stringify([queries, window.start, window.end, window.step]) : null;
  const state = useLiveFetch(key, async (signal) => {
    const answers = await Promise.all(
      queries.map((q) => queryRange(q.expr, window.start, window.end, window.step, signal)),
    );
    return {
      heatmap: panelHeatmap(
        answers.flatMap((a) => a.series),
        window,
      ),
      warnings: answers.flatMap((a) => a.warnings),
    };
  });
  const unit = heatmapUnit(panel);
  const formatBound = useMemo(() => (v: number) => formatValue(v, unit), [unit]);
  const formatCount = useMemo(() => (v: number) => formatValue(v, 'short'), []);

  let body = null;
  if (!queries.length) body = <p class="panel-note">No query.</p>;
  else if (state.error !== undefined) body = <p class="panel-note error">{state.error}</p>;
  else if (!state.data) body = <p class="panel-note">Loading…</p>;
  else if (!state.data.heatmap)
    body = (
      <p class="panel-note">
        No histogram data: a heatmap panel needs native histograms or _bucket series with le.
      </p>
    );
  else if (height > LEGEND_PX + 40)
    body = (
      <HeatmapPlot
        heatmap={state.data.heatmap}
        formatBound={formatBound}
        formatCount={formatCount}
        height={height - LEGEND_PX}
      />
    );
  return (
    <div class="heatmap-panel" ref={box}>
      {body}
      {state.data && state.data.warnings.length > 0 && (
        <p class="panel-note warning">{state.data.warnings.join('; ')}</p>
      )}
    </div>
  );
}
