// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Grafana's ${…} variables are literal text here.
/**
 * The Loki query behind Grafana's "Logs for this span" on a Jaeger trace, worked out from the
 * data source's tracesToLogsV2 settings and the trace as Grafana's Jaeger data source reads it
 * (GET /api/traces/{id}, Jaeger's v1 JSON). Written from Grafana's documented behaviour and its
 * TraceView sources (read, not copied; AGPL), so a test can check the query a link produces
 * for a real trace, not only which data source it points at:
 *
 * - the tags a link can use are the span's process tags, then its own tags, then spanId,
 *   traceId, name and duration. Jaeger moves service.name out of the process tags into
 *   serviceName, so no Jaeger span has a service.name tag;
 * - the tags used are the configured ones, or by default cluster, hostname, namespace, pod,
 *   service.name and service.namespace (dots become underscores); each present tag becomes
 *   `label="value"` (the mapped name, else the key), joined with ", ": that is `${__tags}`;
 * - with customQuery the configured query is the link's query; without it, no tag found means
 *   no link, and otherwise the query starts with the selector `{${__tags}}`;
 * - the query's variables come from `__tags`, `__span` (spanId, traceId, name, duration) and
 *   `__trace` (traceId, name, duration); a variable that none of them defines hides the link.
 */

export interface JaegerTag {
  key: string;
  value: unknown;
}

export interface JaegerJsonSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  startTime: number;
  duration: number;
  processID: string;
  references?: { refType: string; spanID: string }[];
  tags?: JaegerTag[];
}

export interface JaegerJsonTrace {
  traceID: string;
  spans: JaegerJsonSpan[];
  processes: Record<string, { serviceName: string; tags?: JaegerTag[] }>;
}

/** The tracesToLogsV2 settings that decide the query. */
export interface TraceToLogsSettings {
  tags?: { key: string; value?: string }[];
  customQuery?: boolean;
  query?: string;
  filterByTraceID?: boolean;
  filterBySpanID?: boolean;
}

export type SpanLogsLink = { query: string } | { hidden: string };

const DEFAULT_TAGS = [
  'cluster',
  'hostname',
  'namespace',
  'pod',
  'service.name',
  'service.namespace',
];

const defaultTags = () =>
  DEFAULT_TAGS.map((key) => ({ key, value: key.includes('.') ? key.replaceAll('.', '_') : '' }));

/** The tags Grafana offers a span's links, in its order. */
export function spanLinkTags(trace: JaegerJsonTrace, span: JaegerJsonSpan): JaegerTag[] {
  return [
    ...(trace.processes[span.processID]?.tags ?? []),
    ...(span.tags ?? []),
    { key: 'spanId', value: span.spanID },
    { key: 'traceId', value: span.traceID },
    { key: 'name', value: span.operationName },
    { key: 'duration', value: span.duration },
  ];
}

/** `${__tags}`: the span's tags that the settings name, as Loki label matchers. */
export function formatTags(tags: JaegerTag[], settings: TraceToLogsSettings): string {
  const wanted = settings.tags && settings.tags.length > 0 ? settings.tags : defaultTags();
  return tags
    .flatMap((tag) => {
      const use = wanted.find((entry) => entry.key === tag.key);
      return use ? [`${use.value || use.key}="${String(tag.value)}"`] : [];
    })
    .join(', ');
}

/** The trace's name (its root span's service and operation) and duration, in microseconds. */
function traceNameAndDuration(trace: JaegerJsonTrace) {
  const root = trace.spans.find((span) => !span.references?.some((r) => r.refType === 'CHILD_OF'));
  const start = Math.min(...trace.spans.map((span) => span.startTime));
  const end = Math.max(...trace.spans.map((span) => span.startTime + span.duration));
  const service = root ? trace.processes[root.processID]?.serviceName : undefined;
  return {
    name: root ? `${service ?? ''}: ${root.operationName}` : '',
    duration: end - start,
  };
}

/** `${a}`, `${a.b}`, `${a:format}` and `$a`: Grafana's variable syntaxes a query can use. */
const VARIABLE = /\$\{(\w+)(?:\.([\w.]+))?(?::[^}]*)?\}|\$(\w+)/g;

export function spanLogsLink(
  trace: JaegerJsonTrace,
  span: JaegerJsonSpan,
  settings: TraceToLogsSettings,
): SpanLogsLink {
  const tags = formatTags(spanLinkTags(trace, span), settings);
  let template: string;
  if (settings.customQuery) template = settings.query ?? '';
  else if (tags === '') return { hidden: 'none of the tags it maps is on the span' };
  else {
    // The pipeline after the selector differs between Grafana versions; the selector does not.
    template = '{${__tags}}';
    if (settings.filterByTraceID) template += ' | trace_id="${__span.traceId}"';
    if (settings.filterBySpanID) template += ' | span_id="${__span.spanId}"';
  }
  const scoped: Record<string, unknown> = {
    __tags: tags,
    __span: {
      spanId: span.spanID,
      traceId: span.traceID,
      name: span.operationName,
      duration: span.duration,
    },
    __trace: { traceId: trace.traceID, ...traceNameAndDuration(trace) },
  };
  const undefinedNames: string[] = [];
  const query = template.replace(VARIABLE, (whole, name?: string, path?: string, bare?: string) => {
    let value: unknown = scoped[name ?? bare ?? ''];
    for (const part of path?.split('.') ?? []) {
      value = (value as Record<string, unknown> | undefined)?.[part];
    }
    if (value === undefined) {
      undefinedNames.push(whole);
      return whole;
    }
    return String(value);
  });
  if (undefinedNames.length > 0) {
    return { hidden: `${undefinedNames.join(', ')} is not defined for a span` };
  }
  return { query };
}
