import { type JaegerTag, type StoredKeyValue, stringTag, tagsOf } from './jaeger-tags.js';
import { formatSpanId, formatTraceId, traceIdFromHex } from './trace-id.js';
import type { SpanRow } from './trace-reader.js';

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

interface StoredEvent {
  timeUnixNano: string;
  name: string;
  attributes: StoredKeyValue[];
}

interface StoredLink {
  traceId: string;
  spanId: string;
  attributes: StoredKeyValue[];
}

const SPAN_KINDS = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
const micros = (ns: bigint) => Number(ns / 1000n);

/** Tags in the order Jaeger's OTLP translator appends them. */
function spanTags(row: SpanRow): JaegerTag[] {
  const scope = JSON.parse(row.scope) as { name?: string; version?: string };
  const tags: JaegerTag[] = [];
  if (scope.name) tags.push(stringTag('otel.scope.name', scope.name));
  if (scope.version) tags.push(stringTag('otel.scope.version', scope.version));
  tags.push(...tagsOf(JSON.parse(row.attributes) as StoredKeyValue[]));
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
  for (const link of JSON.parse(row.links) as StoredLink[]) {
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
  return (JSON.parse(row.events) as StoredEvent[]).map((event) => {
    const fields = tagsOf(event.attributes);
    if (event.name && !event.attributes.some((kv) => kv.key === 'event')) {
      fields.unshift(stringTag('event', event.name));
    }
    return { timestamp: micros(BigInt(event.timeUnixNano)), fields };
  });
}

function process(row: SpanRow) {
  const resource = JSON.parse(row.resource) as { attributes?: StoredKeyValue[] };
  const attributes = (resource.attributes ?? []).filter((kv) => kv.key !== 'service.name');
  return { serviceName: row.service, tags: tagsOf(attributes) };
}

/**
 * The spans of one trace in Jaeger UI's JSON, as Jaeger's OTLP→Jaeger translator and UI model
 * converter write them: processes shared by identical resources (p1, p2, … in order of first
 * use), times in microseconds, ids as Jaeger prints them.
 */
export function toJaegerTrace(rows: SpanRow[]): JaegerTrace {
  const traceID = formatTraceId(rows[0]?.traceId ?? 0n);
  const processes: JaegerTrace['processes'] = {};
  const processIds = new Map<string, string>();
  const spans = rows.map((row): JaegerSpan => {
    const proc = process(row);
    const key = JSON.stringify(proc);
    let processID = processIds.get(key);
    if (!processID) {
      processID = `p${processIds.size + 1}`;
      processIds.set(key, processID);
      processes[processID] = proc;
    }
    return {
      traceID,
      spanID: formatSpanId(row.spanId),
      operationName: row.name,
      references: references(row, traceID),
      startTime: micros(row.startNs),
      duration: micros(row.durationNs),
      tags: spanTags(row),
      logs: logs(row),
      processID,
      warnings: null,
    };
  });
  return { traceID, spans, processes, warnings: null };
}

/**
 * Rows grouped by trace, in the order of `ids`. Unless raw, exact copies of a span (a batch an
 * OTLP client re-sent) are kept once, as Jaeger's span deduplication does.
 */
export function groupTraces(rows: SpanRow[], ids: bigint[], raw: boolean): SpanRow[][] {
  const byTrace = new Map<bigint, SpanRow[]>(ids.map((id) => [id, []]));
  const seen = new Set<string>();
  for (const row of rows) {
    if (!raw) {
      const key = JSON.stringify(row, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value,
      );
      if (seen.has(key)) continue;
      seen.add(key);
    }
    byTrace.get(row.traceId)?.push(row);
  }
  return [...byTrace.values()].filter((spans) => spans.length > 0);
}
