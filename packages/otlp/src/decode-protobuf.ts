import type { Decoded, LogData, ResourceData, ScopeData, SpanData } from './model.js';
import {
  anyValue,
  decodeMessage,
  hex,
  keyValues,
  type PbLog,
  type PbLogsRequest,
  type PbSpan,
  type PbTraceRequest,
  resourceOf,
  root,
  scopeOf,
  unsigned,
} from './pb-fields.js';
import { collect, logRejection, spanRejection } from './validate.js';

const TraceRequest = root.lookupType('otlp.ExportTraceServiceRequest');
const LogsRequest = root.lookupType('otlp.ExportLogsServiceRequest');

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
