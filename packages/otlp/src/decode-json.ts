import {
  anyValue,
  array,
  guarded,
  id,
  integer,
  type Json,
  keyValues,
  object,
  parse,
  resourceOf,
  scopeOf,
  small,
  string,
} from './json-fields.js';
import type { Decoded, LogData, ResourceData, ScopeData, SpanData } from './model.js';
import { collect, logRejection, spanRejection } from './validate.js';

function spanOf(raw: unknown, path: string, resource: ResourceData, scope: ScopeData): SpanData {
  const span = object(raw, path);
  const status = object(span.status, `${path}.status`);
  return {
    resource,
    scope,
    traceId: id(span.traceId, `${path}.traceId`),
    spanId: id(span.spanId, `${path}.spanId`),
    parentSpanId: id(span.parentSpanId, `${path}.parentSpanId`),
    traceState: string(span.traceState, `${path}.traceState`),
    flags: small(span.flags, `${path}.flags`),
    name: string(span.name, `${path}.name`),
    kind: small(span.kind, `${path}.kind`),
    startTimeUnixNano: integer(span.startTimeUnixNano, `${path}.startTimeUnixNano`, false),
    endTimeUnixNano: integer(span.endTimeUnixNano, `${path}.endTimeUnixNano`, false),
    attributes: keyValues(span.attributes, `${path}.attributes`),
    droppedAttributesCount: small(span.droppedAttributesCount, `${path}.droppedAttributesCount`),
    events: array(span.events, `${path}.events`).map((item, i) => {
      const at = `${path}.events[${i}]`;
      const event = object(item, at);
      return {
        timeUnixNano: integer(event.timeUnixNano, `${at}.timeUnixNano`, false),
        name: string(event.name, `${at}.name`),
        attributes: keyValues(event.attributes, `${at}.attributes`),
        droppedAttributesCount: small(event.droppedAttributesCount, `${at}.droppedAttributesCount`),
      };
    }),
    droppedEventsCount: small(span.droppedEventsCount, `${path}.droppedEventsCount`),
    links: array(span.links, `${path}.links`).map((item, i) => {
      const at = `${path}.links[${i}]`;
      const link = object(item, at);
      return {
        traceId: id(link.traceId, `${at}.traceId`),
        spanId: id(link.spanId, `${at}.spanId`),
        traceState: string(link.traceState, `${at}.traceState`),
        attributes: keyValues(link.attributes, `${at}.attributes`),
        droppedAttributesCount: small(link.droppedAttributesCount, `${at}.droppedAttributesCount`),
        flags: small(link.flags, `${at}.flags`),
      };
    }),
    droppedLinksCount: small(span.droppedLinksCount, `${path}.droppedLinksCount`),
    status: {
      code: small(status.code, `${path}.status.code`),
      message: string(status.message, `${path}.status.message`),
    },
  };
}

function logOf(raw: unknown, path: string, resource: ResourceData, scope: ScopeData): LogData {
  const log = object(raw, path);
  return {
    resource,
    scope,
    timeUnixNano: integer(log.timeUnixNano, `${path}.timeUnixNano`, false),
    observedTimeUnixNano: integer(log.observedTimeUnixNano, `${path}.observedTimeUnixNano`, false),
    severityNumber: small(log.severityNumber, `${path}.severityNumber`),
    severityText: string(log.severityText, `${path}.severityText`),
    body: anyValue(log.body, `${path}.body`),
    attributes: keyValues(log.attributes, `${path}.attributes`),
    droppedAttributesCount: small(log.droppedAttributesCount, `${path}.droppedAttributesCount`),
    flags: small(log.flags, `${path}.flags`),
    traceId: id(log.traceId, `${path}.traceId`),
    spanId: id(log.spanId, `${path}.spanId`),
    eventName: string(log.eventName, `${path}.eventName`),
  };
}

/** Decodes an ExportTraceServiceRequest in OTLP/JSON. */
export function decodeTracesJson(text: string | Uint8Array): Decoded<SpanData> {
  return guarded(() => tracesOf(parse(text)));
}

/** Decodes an ExportLogsServiceRequest in OTLP/JSON. */
export function decodeLogsJson(text: string | Uint8Array): Decoded<LogData> {
  return guarded(() => logsOf(parse(text)));
}

function tracesOf(request: Json): Decoded<SpanData> {
  const spans: SpanData[] = [];
  array(request.resourceSpans, 'resourceSpans').forEach((rawResource, r) => {
    const at = `resourceSpans[${r}]`;
    const block = object(rawResource, at);
    const resource = resourceOf(block.resource, block.schemaUrl, `${at}.resource`);
    array(block.scopeSpans, `${at}.scopeSpans`).forEach((rawScope, s) => {
      const scopeAt = `${at}.scopeSpans[${s}]`;
      const scopeBlock = object(rawScope, scopeAt);
      const scope = scopeOf(scopeBlock.scope, scopeBlock.schemaUrl, `${scopeAt}.scope`);
      array(scopeBlock.spans, `${scopeAt}.spans`).forEach((span, i) => {
        spans.push(spanOf(span, `${scopeAt}.spans[${i}]`, resource, scope));
      });
    });
  });
  return collect(spans, spanRejection);
}

function logsOf(request: Json): Decoded<LogData> {
  const logs: LogData[] = [];
  array(request.resourceLogs, 'resourceLogs').forEach((rawResource, r) => {
    const at = `resourceLogs[${r}]`;
    const block = object(rawResource, at);
    const resource = resourceOf(block.resource, block.schemaUrl, `${at}.resource`);
    array(block.scopeLogs, `${at}.scopeLogs`).forEach((rawScope, s) => {
      const scopeAt = `${at}.scopeLogs[${s}]`;
      const scopeBlock = object(rawScope, scopeAt);
      const scope = scopeOf(scopeBlock.scope, scopeBlock.schemaUrl, `${scopeAt}.scope`);
      array(scopeBlock.logRecords, `${scopeAt}.logRecords`).forEach((log, i) => {
        logs.push(logOf(log, `${scopeAt}.logRecords[${i}]`, resource, scope));
      });
    });
  });
  return collect(logs, logRejection);
}
