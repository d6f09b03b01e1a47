import type { Panel } from '../../model/dashboards/grafana-types.js';
import { heatmapUnsupported } from '../../model/dashboards/heatmap-panel.js';
import { type PanelPlan, type PromQuery, planPanel } from '../../model/dashboards/panel-queries.js';
import { type NamedSeries, nameSeries } from '../../model/dashboards/series.js';
import { queryRange } from './dashboard-api.js';
import { HeatmapPanel } from './heatmap-panel.js';
import { BarGaugePanel, GaugePanel, StatPanel } from './stat-panels.js';
import { TablePanel } from './table-panel.js';
import { TimeseriesPanel } from './timeseries-panel.js';
import { TracesPanel } from './traces-panel.js';
import { useLiveFetch } from './use-live-fetch.js';

/** The query window shared by the dashboard's panels, in epoch seconds; `now` changes on refresh. */
export interface QueryWindow {
  start: number;
  end: number;
  step: number;
  now: number;
}

export interface PanelData {
  series: NamedSeries[];
  warnings: string[];
}

async function runQueries(
  queries: PromQuery[],
  window: QueryWindow,
  signal: AbortSignal,
): Promise<PanelData> {
  const answers = await Promise.all(
    queries.map(async (q) => {
      const answer = await queryRange(q.expr, window.start, window.end, window.step, signal);
      return { series: nameSeries(answer.series, q.legendFormat), warnings: answer.warnings };
    }),
  );
  return { series: answers.flatMap((a) => a.series), warnings: answers.flatMap((a) => a.warnings) };
}

/** One panel: its title bar and the view its type and data source call for. */
export function PanelView({
  panel,
  values,
  window,
  ready,
}: {
  panel: Panel;
  values: Record<string, string>;
  window: QueryWindow;
  ready: boolean;
}) {
  const plan = planPanel(panel, values);
  if (plan.kind === 'row') return <h2 class="panel-row">{String(panel.title ?? '')}</h2>;
  return (
    <article class="panel" data-panel-type={String(panel.type ?? '')}>
      <header
        class="panel-title"
        title={typeof panel.description === 'string' ? panel.description : undefined}
      >
        {String(panel.title ?? '')}
      </header>
      <div class="panel-body">
        <PanelContent panel={panel} plan={plan} window={window} ready={ready} />
      </div>
    </article>
  );
}

function PanelContent({
  panel,
  plan,
  window,
  ready,
}: {
  panel: Panel;
  plan: PanelPlan;
  window: QueryWindow;
  ready: boolean;
}) {
  if (plan.kind === 'unsupported') return <p class="panel-note">{plan.reason}.</p>;
  if (plan.kind === 'text') return <p class="panel-text">{plan.text}</p>;
  if (plan.kind === 'traces') return <TracesPanel plan={plan} window={window} />;
  if (plan.kind !== 'prometheus') return null;
  if (plan.view === 'heatmap') {
    const unsupported = heatmapUnsupported(panel);
    if (unsupported) return <p class="panel-note">{unsupported}.</p>;
    return <HeatmapPanel panel={panel} queries={plan.queries} window={window} ready={ready} />;
  }
  return <PromPanel panel={panel} plan={plan} window={window} ready={ready} />;
}

function PromPanel({
  panel,
  plan,
  window,
  ready,
}: {
  panel: Panel;
  plan: Extract<PanelPlan, { kind: 'prometheus' }>;
  window: QueryWindow;
  ready: boolean;
}) {
  const key = ready ? JSON.stringify([plan.queries, window.start, window.end, window.step]) : null;
  const state = useLiveFetch(key, (signal) => runQueries(plan.queries, window, signal));
  if (!plan.queries.length) return <p class="panel-note">No query.</p>;
  if (state.error !== undefined) return <p class="panel-note error">{state.error}</p>;
  if (!state.data) return <p class="panel-note">Loading…</p>;
  const defaults = panel.fieldConfig?.defaults ?? {};
  const data = state.data;
  const body =
    plan.view === 'timeseries' ? (
      <TimeseriesPanel
        data={data}
        unit={defaults.unit}
        decimals={defaults.decimals}
        queries={plan.queries}
        window={window}
      />
    ) : plan.view === 'stat' ? (
      <StatPanel data={data} defaults={defaults} />
    ) : plan.view === 'gauge' ? (
      <GaugePanel data={data} defaults={defaults} />
    ) : plan.view === 'bargauge' ? (
      <BarGaugePanel data={data} defaults={defaults} />
    ) : (
      <TablePanel data={data} defaults={defaults} />
    );
  return (
    <>
      {body}
      {data.warnings.length > 0 && <p class="panel-note warning">{data.warnings.join('; ')}</p>}
    </>
  );
}
