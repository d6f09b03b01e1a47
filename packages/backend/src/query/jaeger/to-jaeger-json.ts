import { type JaegerTag, type StoredKeyValue, stringTag, tagsOf } from './jaeger-tags.js';
import type { SpanRow } from './span-rows.js';
import { formatSpanId, traceIdFromHex } from './trace-id.js';

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: JaegerReference[];
  startTime: number;
  duration: number;
  tags: JaegerTag[];
  logs: { timestamp: number; fields: JaegerTag[] }[];
  processID: string;
  warnings: string[] | null;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
  warnings: string[] | null;
}

const SPAN_KINDS = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
const micros = (ns: bigint) => Number(ns / 1000n);

/** A stored scope's name and version. */
export interface ScopeName {
  name?: string;
  version?: string;
}

/** Tags in the order Jaeger's OTLP translator appends them. */
function spanTags(row: SpanRow, scope: ScopeName): JaegerTag[] {
  const tags: JaegerTag[] = [];
  if (scope.name) tags.push(stringTag('otel.scope.name', scope.name));
  if (scope.version) tags.push(stringTag('otel.scope.version', scope.version));
  tags.push(...tagsOf(row.attributes));
  const kind = SPAN_KINDS[row.kind];
  if (kind) tags.push(stringTag('span.kind', kind));
  if (row.statusCode === 1) tags.push(stringTag('otel.status_code', 'OK'));
  if (row.statusCode === 2) {
    tags.push(stringTag('otel.status_code', 'ERROR'));
    tags.push({ key: 'error', type: 'bool', value: true });
  }
  if (row.statusMessage) tags.push(stringTag('otel.status_description', row.statusMessage));
  if (row.traceState) tags.push(stringTag('w3c.tracestate', row.traceState));
  return tags;
}

/** The parent first, as CHILD_OF; links after, FOLLOWS_FROM unless opentracing.ref_type says child_of. */
function references(row: SpanRow, traceID: string): JaegerReference[] {
  const refs: JaegerReference[] = [];
  if (row.parentSpanId !== null && row.parentSpanId !== 0n) {
    refs.push({ refType: 'CHILD_OF', traceID, spanID: formatSpanId(row.parentSpanId) });
  }
  for (const link of row.links) {
    const refType = link.attributes.find((kv) => kv.key === 'opentracing.ref_type')?.value
      ?.stringValue;
    refs.push({
      refType: refType === 'child_of' ? 'CHILD_OF' : 'FOLLOWS_FROM',
      traceID: traceIdFromHex(link.traceId),
      spanID: formatSpanId(link.spanId === '' ? 0n : BigInt(`0x${link.spanId}`)),
    });
  }
  return refs;
}

/** Events become logs; a named event gets an `event` field first unless it has one. */
function logs(row: SpanRow): JaegerSpan['logs'] {
  return row.events.map((event) => {
    const fields = tagsOf(event.attributes);
    if (event.name && !event.attributes.some((kv) => kv.key === 'event')) {
      fields.unshift(stringTag('event', event.name));
    }
    return { timestamp: micros(BigInt(event.timeUnixNano)), fields };
  });
}

/** The Jaeger process of a span's resource: its service and the other resource attributes. */
export function processOf(row: SpanRow): JaegerTrace['processes'][string] {
  const resource = JSON.parse(row.resource) as { attributes?: StoredKeyValue[] };
  const attributes = (resource.attributes ?? []).filter((kv) => kv.key !== 'service.name');
  return { serviceName: row.service, tags: tagsOf(attributes) };
}

/**
 * One stored span in Jaeger UI's JSON, as Jaeger's OTLP→Jaeger translator and UI model converter
 * write it: times in microseconds, ids as Jaeger prints them; `warnings` as Jaeger adds them.
 */
export function toJaegerSpan(
  row: SpanRow,
  traceID: string,
  processID: string,
  scope: ScopeName,
  warnings: string[] | null = null,
): JaegerSpan {
  return {
    traceID,
    spanID: formatSpanId(row.spanId),
    operationName: row.name,
    references: references(row, traceID),
    startTime: micros(row.startNs),
    duration: micros(row.durationNs),
    tags: spanTags(row, scope),
    logs: logs(row),
    processID,
    warnings,
  };
}
