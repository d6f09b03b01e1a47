import { formatTime } from '../../model/format.js';
import { type LogEntry, levelClass } from '../../model/logql/log-entries.js';
import { useOpenSet } from '../use-open-set.js';

const GROUPS = [
  ['stream', 'Index labels'],
  ['metadata', 'Structured metadata'],
  ['parsed', 'Parsed labels'],
] as const;

/**
 * A log query's lines, newest first, coloured by detected_level; a click on the time shows the
 * line's labels by kind. Every string is rendered as text.
 */
export function LogEntryList({ entries }: { entries: LogEntry[] }) {
  const [open, toggle] = useOpenSet();
  return (
    <table class="log-table log-list logql-lines">
      <thead>
        <tr>
          <th>Time</th>
          <th>Level</th>
          <th>Service</th>
          <th>Line</th>
          <th>Trace</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const isOpen = open.has(entry.key);
          return [
            <tr key={entry.key} class={isOpen ? 'log-line open' : 'log-line'}>
              <td class="log-time">
                <button
                  type="button"
                  class="link"
                  aria-expanded={isOpen}
                  title="show the labels"
                  onClick={() => toggle(entry.key)}
                >
                  {isOpen ? '▾' : '▸'} {formatTime(Number(entry.ns / 1000n))}
                </button>
              </td>
              <td class={`severity ${levelClass(entry.level)}`}>{entry.level}</td>
              <td>{entry.stream.service_name ?? ''}</td>
              <td class="log-body">{entry.line}</td>
              <td>
                {entry.trace ? (
                  <a href={entry.trace} class="trace-link" title={`trace ${entry.traceId}`}>
                    {entry.traceId.slice(0, 8)}
                  </a>
                ) : (
                  <span class="muted">–</span>
                )}
              </td>
            </tr>,
            isOpen && (
              <tr key={`${entry.key}#labels`} class="log-attrs">
                <td colSpan={5}>
                  <table class="kv">
                    {GROUPS.map(([field, title]) => {
                      const pairs = Object.entries(entry[field]);
                      if (pairs.length === 0) return null;
                      return (
                        <tbody key={field} data-kind={field}>
                          <tr>
                            <th colSpan={2} class="kv-group">
                              {title}
                            </th>
                          </tr>
                          {pairs.map(([name, value]) => (
                            <tr key={name}>
                              <th>{name}</th>
                              <td>{value}</td>
                            </tr>
                          ))}
                        </tbody>
                      );
                    })}
                  </table>
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
}
