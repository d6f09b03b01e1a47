import type { PanelPlan } from '../../model/dashboards/panel-queries.js';
import { formatDuration, formatTime } from '../../model/format.js';
import { tracePath } from '../../model/routes.js';
import { summariseTrace } from '../../model/trace-summary.js';
import { searchTraces } from './dashboard-api.js';
import type { QueryWindow } from './panel-view.js';
import { useLiveFetch } from './use-live-fetch.js';

/** A Jaeger panel: the slowest recent traces of the service in the window, each linking to its page. */
export function TracesPanel({
  plan,
  window,
}: {
  plan: Extract<PanelPlan, { kind: 'traces' }>;
  window: QueryWindow;
}) {
  const key = plan.service
    ? JSON.stringify([plan.service, plan.limit, window.start, window.end])
    : null;
  const state = useLiveFetch(key, (signal) =>
    searchTraces(plan.service, plan.limit, window.start, window.end, signal),
  );
  if (!plan.service) return <p class="panel-note">This Jaeger query names no service.</p>;
  if (state.error !== undefined) return <p class="panel-note error">{state.error}</p>;
  if (!state.data) return <p class="panel-note">Loading…</p>;
  const rows = state.data.map(summariseTrace).sort((a, b) => b.duration - a.duration);
  if (!rows.length) return <p class="panel-note">No traces of {plan.service} in this range.</p>;
  return (
    <div class="panel-scroll">
      <table class="results compact">
        <thead>
          <tr>
            <th>Trace</th>
            <th>Operation</th>
            <th>Start</th>
            <th>Spans</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.traceID}>
              <td>
                <a href={tracePath(row.traceID)}>
                  <code>{row.traceID.slice(0, 16)}</code>
                </a>
              </td>
              <td>
                {row.rootService}: {row.rootOperation}
                {row.errorCount > 0 && <span class="error"> ({row.errorCount} errors)</span>}
              </td>
              <td>{formatTime(row.start)}</td>
              <td class="num">{row.spanCount}</td>
              <td class="num">{formatDuration(row.duration)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
