import { anyValueText, formatDuration } from '../model/format.js';
import type { LogRecordView } from '../model/jaeger-types.js';
import type { SpanNode, SpanTree } from '../model/span-tree.js';

/** The trace's logs in time order, each opening the span that wrote it. */
export function TraceLogs(props: {
  tree: SpanTree;
  logs: LogRecordView[];
  note: string | undefined;
  onSpan: (node: SpanNode) => void;
}) {
  const logs = [...props.logs].sort((a, b) => (BigInt(a.time) < BigInt(b.time) ? -1 : 1));
  return (
    <section class="trace-logs">
      <h3>Logs of this trace ({logs.length})</h3>
      {props.note && <p class="notice">{props.note}</p>}
      {!props.note && logs.length === 0 && (
        <p class="muted">
          No logs carry this trace id (the services export logs over OTLP; check
          OTEL_LOGS_EXPORTER).
        </p>
      )}
      {logs.length > 0 && (
        <table class="log-table">
          <tbody>
            {logs.map((log, i) => {
              const node = props.tree.byId.get(log.spanId);
              const offsetUs = Number(BigInt(log.time) / 1000n) - props.tree.start;
              return (
                <tr key={i}>
                  <td class="muted">+{formatDuration(offsetUs)}</td>
                  <td>{log.service}</td>
                  <td class={`severity sev-${log.severityText.toLowerCase()}`}>
                    {log.severityText || log.severityNumber}
                  </td>
                  <td class="log-body">{anyValueText(log.body)}</td>
                  <td>
                    {node ? (
                      <button type="button" class="link" onClick={() => props.onSpan(node)}>
                        {node.span.operationName}
                      </button>
                    ) : (
                      <span class="muted">{log.spanId || '–'}</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
