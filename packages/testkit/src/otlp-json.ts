import type { ReceivedExport } from './otlp-sink.js';

/** A span or log record flattened out of OTLP/JSON, with its resource's service.name. */
export interface FlatSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  statusCode: number;
  attributes: Record<string, unknown>;
}

export interface FlatLog {
  service: string;
  traceId: string;
  spanId: string;
  severityText: string;
  body: unknown;
  attributes: Record<string, unknown>;
}

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}

function anyValueOf(value: AnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(anyValueOf);
  if (value.kvlistValue) return attributesOf(value.kvlistValue.values);
  return undefined;
}

export function attributesOf(list: KeyValue[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, anyValueOf(kv.value)]));
}

interface ResourceBlock {
  resource?: { attributes?: KeyValue[] };
  scopeSpans?: { spans?: RawSpan[] }[];
  scopeLogs?: { logRecords?: RawLog[] }[];
}
interface RawSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  status?: { code?: number };
  attributes?: KeyValue[];
}
interface RawLog {
  traceId?: string;
  spanId?: string;
  severityText?: string;
  body?: AnyValue;
  attributes?: KeyValue[];
}

function blocksOf(received: ReceivedExport[], signal: 'traces' | 'logs'): ResourceBlock[] {
  const key = signal === 'traces' ? 'resourceSpans' : 'resourceLogs';
  return received
    .filter((entry) => entry.signal === signal && entry.json !== undefined)
    .flatMap(
      (entry) => ((entry.json as Record<string, ResourceBlock[]>)[key] ?? []) as ResourceBlock[],
    );
}

/** Every span in the OTLP/JSON trace exports received so far. */
export function spansOf(received: ReceivedExport[]): FlatSpan[] {
  return blocksOf(received, 'traces').flatMap((block) => {
    const service = String(attributesOf(block.resource?.attributes)['service.name']);
    return (block.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind ?? 0,
        statusCode: span.status?.code ?? 0,
        attributes: attributesOf(span.attributes),
      })),
    );
  });
}

/** Every log record in the OTLP/JSON log exports received so far. */
export function logsOf(received: ReceivedExport[]): FlatLog[] {
  return blocksOf(received, 'logs').flatMap((block) => {
    const service = String(attributesOf(block.resource?.attributes)['service.name']);
    return (block.scopeLogs ?? []).flatMap((scope) =>
      (scope.logRecords ?? []).map((log) => ({
        service,
        traceId: log.traceId ?? '',
        spanId: log.spanId ?? '',
        severityText: log.severityText ?? '',
        body: anyValueOf(log.body),
        attributes: attributesOf(log.attributes),
      })),
    );
  });
}

/** The resource attributes of every trace export, one entry per resource block. */
export function resourcesOf(received: ReceivedExport[]): Record<string, unknown>[] {
  return blocksOf(received, 'traces').map((block) => attributesOf(block.resource?.attributes));
}
