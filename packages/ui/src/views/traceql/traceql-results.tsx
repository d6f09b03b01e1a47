import { formatDuration, formatTime } from '../../model/format.js';
import { matchedTracePath } from '../../model/traceql/matched-spans.js';
import type { TraceqlResult } from '../../model/traceql/search-results.js';

/**
 * The traces a TraceQL query found, in the backend's order, each with its matched spans (name,
 * service, duration); a trace opens with those spans highlighted. Every string is telemetry,
 * rendered as text.
 */
export function TraceqlResults({ results }: { results: TraceqlResult[] }) {
  const longest = Math.max(...results.map((r) => r.duration), 1);
  return (
    <ol class="result-list traceql-results">
      {results.map((r) => {
        const href = matchedTracePath(
          r.traceID,
          r.spans.map((s) => s.spanID),
        );
        return (
          <li key={r.traceID} class="traceql-trace">
            <a class="result" href={href}>
              <div class="result-head">
                <span class="result-title">
                  {r.rootService || '<root span not yet received>'}
                  {r.rootName ? `: ${r.rootName}` : ''}
                </span>
                <span class="trace-id">{r.traceID.slice(0, 7)}</span>
                <span class="result-duration">{formatDuration(r.duration)}</span>
              </div>
              <div class="duration-bar">
                <span style={{ width: `${(100 * r.duration) / longest}%` }} />
              </div>
              <table class="matched-spans">
                <tbody>
                  {r.spans.map((s) => (
                    <tr key={s.spanID} data-span-id={s.spanID}>
                      <td class="matched-service">{s.service ?? '…'}</td>
                      <td class="matched-name">{s.name}</td>
                      <td class="matched-duration">{formatDuration(s.duration)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div class="result-meta">
                <span class="matched-count">
                  {r.matched} matched span{r.matched === 1 ? '' : 's'}
                  {r.matched > r.spans.length ? ` (${r.spans.length} shown)` : ''}
                </span>
                <span class="result-time">{formatTime(r.start)}</span>
              </div>
            </a>
          </li>
        );
      })}
    </ol>
  );
}
