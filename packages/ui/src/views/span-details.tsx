import { anyValueText, formatDuration, valueText } from '../model/format.js';
import type { JaegerTag, LogRecordView } from '../model/jaeger-types.js';
import { operationMetricLinks } from '../model/operation-metrics.js';
import type { SpanNode, SpanTree } from '../model/span-tree.js';
import { selfTime } from '../model/trace-stats.js';
import { traceqlFromSpan } from '../model/traceql/query-from-span.js';
import { DEFAULT_TRACEQL, traceqlPath } from '../model/traceql/url-state.js';

/** Tags Jaeger's translation adds for OTLP fields, shown in their own sections. */
const SYNTHETIC = new Set([
  'otel.scope.name',
  'otel.scope.version',
  'span.kind',
  'otel.status_code',
  'otel.status_description',
  'error',
  'w3c.tracestate',
]);

function KeyValues({ items }: { items: { key: string; value: string }[] }) {
  if (items.length === 0) return <p class="muted">none</p>;
  return (
    <table class="kv">
      <tbody>
        {items.map((item, i) => (
          <tr key={i}>
            <th>{item.key}</th>
            <td>{item.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const kv = (tags: JaegerTag[]) => tags.map((t) => ({ key: t.key, value: valueText(t.value) }));
const tag = (tags: JaegerTag[], key: string) => tags.find((t) => t.key === key)?.value;

/** Everything about one span; all of it telemetry, so all of it rendered as text. */
export function SpanDetails(props: {
  node: SpanNode;
  tree: SpanTree;
  logs: LogRecordView[];
  onClose: () => void;
}) {
  const { node, tree } = props;
  const { span } = node;
  const statusCode = tag(span.tags, 'otel.status_code');
  const statusText = tag(span.tags, 'otel.status_description');
  const links = span.references.filter((r) => r.spanID !== node.parent?.id);
  return (
    <aside class="span-details" aria-label="span details">
      <header>
        <h3>
          <span>{node.service}</span>: <span>{span.operationName}</span>
        </h3>
        <button type="button" onClick={props.onClose} aria-label="close details">
          ✕
        </button>
      </header>
      <KeyValues
        items={[
          { key: 'span id', value: span.spanID },
          { key: 'start', value: `+${formatDuration(node.start - tree.start)}` },
          { key: 'duration', value: formatDuration(node.end - node.start) },
          { key: 'self time', value: formatDuration(selfTime(node)) },
          { key: 'kind', value: valueText(tag(span.tags, 'span.kind') ?? 'internal') },
          {
            key: 'status',
            value: `${valueText(statusCode ?? 'UNSET')}${statusText ? `: ${valueText(statusText)}` : ''}`,
          },
        ]}
      />
      <p class="operation-links">
        {operationMetricLinks(node.service, span.operationName).map((link) => (
          <a key={link.href} href={link.href}>
            {link.label}
          </a>
        ))}{' '}
        <span class="muted">of {span.operationName}</span>
      </p>
      <p class="operation-links">
        <a
          class="find-like"
          href={traceqlPath({
            ...DEFAULT_TRACEQL,
            query: traceqlFromSpan({
              service: node.service,
              name: span.operationName,
              status: statusCode === undefined ? undefined : valueText(statusCode),
            }),
          })}
          title="a TraceQL search for spans of this service and name with this status"
        >
          Find spans like this
        </a>
      </p>
      <h4>Attributes</h4>
      <KeyValues items={kv(span.tags.filter((t) => !SYNTHETIC.has(t.key)))} />
      <h4>Events ({span.logs.length})</h4>
      {span.logs.length === 0 && <p class="muted">none</p>}
      {span.logs.map((event) => (
        <div key={event.timestamp} class="event">
          <div class="muted">+{formatDuration(event.timestamp - tree.start)}</div>
          <KeyValues items={kv(event.fields)} />
        </div>
      ))}
      <h4>Links ({links.length})</h4>
      <KeyValues
        items={links.map((r) => ({ key: r.refType, value: `${r.traceID} / ${r.spanID}` }))}
      />
      <h4>Resource</h4>
      <KeyValues items={[{ key: 'service.name', value: node.service }, ...kv(node.resource)]} />
      <h4>Scope</h4>
      <KeyValues
        items={kv(
          span.tags.filter((t) => t.key === 'otel.scope.name' || t.key === 'otel.scope.version'),
        )}
      />
      <h4>Logs of this span ({props.logs.length})</h4>
      {props.logs.length === 0 && <p class="muted">none</p>}
      {props.logs.map((log, i) => (
        <p key={i} class="log-line">
          <span class={`severity sev-${log.severityText.toLowerCase()}`}>
            {log.severityText || log.severityNumber}
          </span>{' '}
          {anyValueText(log.body)}
        </p>
      ))}
    </aside>
  );
}
