import Long from 'long';
import protobuf from 'protobufjs';
import {
  type AnyValue,
  type Decoded,
  type KeyValue,
  type LogData,
  OtlpDecodeError,
  type ResourceData,
  type ScopeData,
  type SpanData,
} from './model.js';
import { OTLP_PROTO } from './otlp-proto.js';
import { collect, logRejection, spanRejection } from './validate.js';

// 64-bit fields decode to Long, turned into bigint below; without it they would lose precision.
protobuf.util.Long = Long;
protobuf.configure();

const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
const TraceRequest = root.lookupType('otlp.ExportTraceServiceRequest');
const LogsRequest = root.lookupType('otlp.ExportLogsServiceRequest');

// The decoded messages, as protobufjs builds them: camelCase fields, proto3 defaults on unset ones.
interface PbAnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: Long | number;
  doubleValue?: number;
  bytesValue?: Uint8Array;
  arrayValue?: { values?: PbAnyValue[] };
  kvlistValue?: { values?: PbKeyValue[] };
}
interface PbKeyValue {
  key?: string;
  value?: PbAnyValue | null;
}
interface PbResource {
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
}
interface PbScope extends PbResource {
  name?: string;
  version?: string;
}
type Fixed64 = Long | number | undefined;
interface PbSpan {
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  traceState?: string;
  parentSpanId?: Uint8Array;
  flags?: number;
  name?: string;
  kind?: number;
  startTimeUnixNano?: Fixed64;
  endTimeUnixNano?: Fixed64;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
  events?: {
    timeUnixNano?: Fixed64;
    name?: string;
    attributes?: PbKeyValue[];
    droppedAttributesCount?: number;
  }[];
  droppedEventsCount?: number;
  links?: {
    traceId?: Uint8Array;
    spanId?: Uint8Array;
    traceState?: string;
    attributes?: PbKeyValue[];
    droppedAttributesCount?: number;
    flags?: number;
  }[];
  droppedLinksCount?: number;
  status?: { code?: number; message?: string } | null;
}
interface PbLog {
  timeUnixNano?: Fixed64;
  observedTimeUnixNano?: Fixed64;
  severityNumber?: number;
  severityText?: string;
  body?: PbAnyValue | null;
  attributes?: PbKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  eventName?: string;
}
interface PbTraceRequest {
  resourceSpans?: {
    resource?: PbResource | null;
    schemaUrl?: string;
    scopeSpans?: { scope?: PbScope | null; schemaUrl?: string; spans?: PbSpan[] }[];
  }[];
}
interface PbLogsRequest {
  resourceLogs?: {
    resource?: PbResource | null;
    schemaUrl?: string;
    scopeLogs?: { scope?: PbScope | null; schemaUrl?: string; logRecords?: PbLog[] }[];
  }[];
}

const hex = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('hex') : '');

function unsigned(value: Fixed64): bigint {
  if (value === undefined) return 0n;
  if (typeof value === 'number') return BigInt(value);
  return BigInt.asUintN(64, (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0));
}

function signed(value: Long | number | undefined): bigint {
  return BigInt.asIntN(64, unsigned(value));
}

function anyValue(value: PbAnyValue | null | undefined): AnyValue {
  switch (value?.value) {
    case 'stringValue':
      return { type: 'string', value: value.stringValue ?? '' };
    case 'boolValue':
      return { type: 'bool', value: value.boolValue ?? false };
    case 'intValue':
      return { type: 'int', value: signed(value.intValue) };
    case 'doubleValue':
      return { type: 'double', value: value.doubleValue ?? 0 };
    case 'bytesValue':
      return { type: 'bytes', value: new Uint8Array(value.bytesValue ?? []) };
    case 'arrayValue':
      return { type: 'array', value: (value.arrayValue?.values ?? []).map(anyValue) };
    case 'kvlistValue':
      return { type: 'kvlist', value: keyValues(value.kvlistValue?.values) };
    default:
      return { type: 'empty' };
  }
}

function keyValues(list: PbKeyValue[] | undefined): KeyValue[] {
  return (list ?? []).map((kv) => ({ key: kv.key ?? '', value: anyValue(kv.value) }));
}

function resourceOf(resource: PbResource | null | undefined, schemaUrl = ''): ResourceData {
  return {
    attributes: keyValues(resource?.attributes),
    droppedAttributesCount: resource?.droppedAttributesCount ?? 0,
    schemaUrl,
  };
}

function scopeOf(scope: PbScope | null | undefined, schemaUrl = ''): ScopeData {
  return {
    name: scope?.name ?? '',
    version: scope?.version ?? '',
    ...resourceOf(scope, schemaUrl),
  };
}

function spanOf(span: PbSpan, resource: ResourceData, scope: ScopeData): SpanData {
  return {
    resource,
    scope,
    traceId: hex(span.traceId),
    spanId: hex(span.spanId),
    parentSpanId: hex(span.parentSpanId),
    traceState: span.traceState ?? '',
    flags: span.flags ?? 0,
    name: span.name ?? '',
    kind: span.kind ?? 0,
    startTimeUnixNano: unsigned(span.startTimeUnixNano),
    endTimeUnixNano: unsigned(span.endTimeUnixNano),
    attributes: keyValues(span.attributes),
    droppedAttributesCount: span.droppedAttributesCount ?? 0,
    events: (span.events ?? []).map((event) => ({
      timeUnixNano: unsigned(event.timeUnixNano),
      name: event.name ?? '',
      attributes: keyValues(event.attributes),
      droppedAttributesCount: event.droppedAttributesCount ?? 0,
    })),
    droppedEventsCount: span.droppedEventsCount ?? 0,
    links: (span.links ?? []).map((link) => ({
      traceId: hex(link.traceId),
      spanId: hex(link.spanId),
      traceState: link.traceState ?? '',
      attributes: keyValues(link.attributes),
      droppedAttributesCount: link.droppedAttributesCount ?? 0,
      flags: link.flags ?? 0,
    })),
    droppedLinksCount: span.droppedLinksCount ?? 0,
    status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
  };
}

function logOf(log: PbLog, resource: ResourceData, scope: ScopeData): LogData {
  return {
    resource,
    scope,
    timeUnixNano: unsigned(log.timeUnixNano),
    observedTimeUnixNano: unsigned(log.observedTimeUnixNano),
    severityNumber: log.severityNumber ?? 0,
    severityText: log.severityText ?? '',
    body: anyValue(log.body),
    attributes: keyValues(log.attributes),
    droppedAttributesCount: log.droppedAttributesCount ?? 0,
    flags: log.flags ?? 0,
    traceId: hex(log.traceId),
    spanId: hex(log.spanId),
    eventName: log.eventName ?? '',
  };
}

function decodeMessage<T>(type: protobuf.Type, bytes: Uint8Array, what: string): T {
  try {
    return type.decode(bytes) as unknown as T;
  } catch (error) {
    // Truncated or mistyped input, and nesting deep enough to exhaust the stack, all end here.
    throw new OtlpDecodeError(`invalid ${what} protobuf: ${(error as Error).message}`);
  }
}

/** Decodes an ExportTraceServiceRequest in protobuf encoding. */
export function decodeTracesProtobuf(bytes: Uint8Array): Decoded<SpanData> {
  const request = decodeMessage<PbTraceRequest>(TraceRequest, bytes, 'ExportTraceServiceRequest');
  const spans: SpanData[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = resourceOf(resourceSpans.resource, resourceSpans.schemaUrl);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      const scope = scopeOf(scopeSpans.scope, scopeSpans.schemaUrl);
      for (const span of scopeSpans.spans ?? []) spans.push(spanOf(span, resource, scope));
    }
  }
  return collect(spans, spanRejection);
}

/** Decodes an ExportLogsServiceRequest in protobuf encoding. */
export function decodeLogsProtobuf(bytes: Uint8Array): Decoded<LogData> {
  const request = decodeMessage<PbLogsRequest>(LogsRequest, bytes, 'ExportLogsServiceRequest');
  const logs: LogData[] = [];
  for (const resourceLogs of request.resourceLogs ?? []) {
    const resource = resourceOf(resourceLogs.resource, resourceLogs.schemaUrl);
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      const scope = scopeOf(scopeLogs.scope, scopeLogs.schemaUrl);
      for (const log of scopeLogs.logRecords ?? []) logs.push(logOf(log, resource, scope));
    }
  }
  return collect(logs, logRejection);
}
