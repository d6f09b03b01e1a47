import { useMemo } from 'preact/hooks';
import { type ExemplarSet, topExemplars, traceExemplars } from '../../model/exemplars.js';
import { seriesName } from '../../model/metrics/series-name.js';
import { formatValue, type Unit } from '../../model/metrics/units.js';
import { tracePath } from '../../model/routes.js';

/** How many the list shows: the graph has the rest. */
const LISTED = 10;

/**
 * The graph's exemplars as a list, highest values first: the slowest traces of a latency query
 * one click away, and the keyboard's way to them (the dots are not in the tab order).
 */
export function ExemplarList({ sets, unit }: { sets: ExemplarSet[]; unit: Unit }) {
  // The graph re-renders on each mouse move: sort only when the exemplars change.
  const { total, top } = useMemo(() => {
    const all = traceExemplars(sets);
    return { total: all.length, top: topExemplars(all, LISTED) };
  }, [sets]);
  if (!total) return null;
  return (
    <details class="exemplar-list">
      <summary>
        {total} exemplar{total === 1 ? '' : 's'}
        {total > LISTED ? `: the ${LISTED} highest` : ''}
      </summary>
      <table class="metrics-table">
        <thead>
          <tr>
            <th class="num">value</th>
            <th>time</th>
            <th>trace</th>
            <th>series</th>
          </tr>
        </thead>
        <tbody>
          {top.map((e) => (
            <tr key={`${e.traceId}@${e.timestamp}@${seriesName(e.series)}`}>
              <td class="num">{formatValue(e.value, unit)}</td>
              <td>{new Date(e.timestamp * 1000).toLocaleTimeString([], { hourCycle: 'h23' })}</td>
              <td>
                <a href={tracePath(e.traceId)}>{e.traceId}</a>
              </td>
              <td class="series-name">{seriesName(e.series)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
