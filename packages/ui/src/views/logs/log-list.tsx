import { anyValueText, formatTime } from '../../model/format.js';
import type { LogRecordView } from '../../model/jaeger-types.js';
import {
  attributePairs,
  lineKey,
  severityClass,
  severityName,
  traceLink,
} from '../../model/logs/log-lines.js';
import { useOpenSet } from '../use-open-set.js';

/** The lines, newest first; a click on a line shows its attributes. Every string is text. */
export function LogList({ lines }: { lines: LogRecordView[] }) {
  const [open, toggle] = useOpenSet();
  return (
    <table class="log-table log-list">
      <thead>
        <tr>
          <th>Time</th>
          <th>Severity</th>
          <th>Service</th>
          <th>Body</th>
          <th>Trace</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((log) => {
          const key = lineKey(log);
          const isOpen = open.has(key);
          const link = traceLink(log);
          const attributes = attributePairs(log.attributes);
          return [
            <tr key={key} class={isOpen ? 'log-line open' : 'log-line'}>
              <td class="log-time">
                <button
                  type="button"
                  class="link"
                  aria-expanded={isOpen}
                  title="show the attributes"
                  onClick={() => toggle(key)}
                >
                  {isOpen ? '▾' : '▸'} {formatTime(Number(BigInt(log.time) / 1000n))}
                </button>
              </td>
              <td class={`severity ${severityClass(log.severityNumber, log.severityText)}`}>
                {severityName(log.severityNumber, log.severityText)}
              </td>
              <td>{log.service}</td>
              <td class="log-body">{anyValueText(log.body)}</td>
              <td>
                {link ? (
                  <a href={link} class="trace-link" title={`trace ${log.traceId}`}>
                    {log.traceId.slice(0, 8)}
                  </a>
                ) : (
                  <span class="muted">–</span>
                )}
              </td>
            </tr>,
            isOpen && (
              <tr key={`${key}#attrs`} class="log-attrs">
                <td colSpan={5}>
                  <table class="kv">
                    <tbody>
                      {attributes.length === 0 && (
                        <tr>
                          <td class="muted">no attributes</td>
                        </tr>
                      )}
                      {attributes.map((kv, i) => (
                        <tr key={i}>
                          <th>{kv.key}</th>
                          <td>{anyValueText(kv.value)}</td>
                        </tr>
                      ))}
                      {log.traceId && (
                        <tr>
                          <th>trace id</th>
                          <td>{log.traceId}</td>
                        </tr>
                      )}
                      {log.spanId && (
                        <tr>
                          <th>span id</th>
                          <td>{log.spanId}</td>
                        </tr>
                      )}
                    </tbody>
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
