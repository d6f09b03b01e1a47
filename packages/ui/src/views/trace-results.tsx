import { formatDuration, formatTime } from '../model/format.js';
import { tracePath } from '../model/routes.js';
import { SORT_ORDERS, type SortOrder } from '../model/search-state.js';
import { serviceColors } from '../model/service-colors.js';
import type { TraceSummary } from '../model/trace-summary.js';

const SORT_LABELS: Record<SortOrder, string> = {
  recent: 'Most recent',
  longest: 'Longest first',
  shortest: 'Shortest first',
  'most-spans': 'Most spans',
  'least-spans': 'Fewest spans',
};

/** The result list, each trace a link to its waterfall, with its duration against the longest. */
export function TraceResults(props: {
  summaries: TraceSummary[];
  sort: SortOrder;
  onSort: (sort: SortOrder) => void;
}) {
  const longest = Math.max(...props.summaries.map((s) => s.duration), 1);
  const colors = serviceColors([
    ...new Set(props.summaries.flatMap((s) => s.services.map((x) => x.name))),
  ]);
  return (
    <div class="trace-results">
      <div class="results-bar">
        <span>
          {props.summaries.length} trace{props.summaries.length === 1 ? '' : 's'}
        </span>
        <label>
          Sort{' '}
          <select
            name="sort"
            value={props.sort}
            onChange={(e) => props.onSort(e.currentTarget.value as SortOrder)}
          >
            {SORT_ORDERS.map((order) => (
              <option key={order} value={order}>
                {SORT_LABELS[order]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ol class="result-list">
        {props.summaries.map((s) => (
          <li key={s.traceID}>
            <a class="result" href={tracePath(s.traceID)}>
              <div class="result-head">
                <span class="result-title">
                  {s.rootService}: {s.rootOperation}
                </span>
                <span class="trace-id">{s.traceID.slice(0, 7)}</span>
                <span class="result-duration">{formatDuration(s.duration)}</span>
              </div>
              <div class="duration-bar">
                <span style={{ width: `${(100 * s.duration) / longest}%` }} />
              </div>
              <div class="result-meta">
                <span>{s.spanCount} spans</span>
                {s.errorCount > 0 && (
                  <span class="error-count">
                    {s.errorCount} error{s.errorCount === 1 ? '' : 's'}
                  </span>
                )}
                {s.services.map((service) => (
                  <span
                    key={service.name}
                    class="service-chip"
                    style={{ borderColor: colors.get(service.name) }}
                  >
                    {service.name} ({service.count})
                  </span>
                ))}
                <span class="result-time">{formatTime(s.start)}</span>
              </div>
            </a>
          </li>
        ))}
      </ol>
    </div>
  );
}
