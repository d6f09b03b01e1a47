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
import { collect, logRejection, spanRejection } from './validate.js';

/**
 * OTLP/JSON per the specification's JSON mapping: lowerCamelCase keys, ids as hex strings,
 * 64-bit integers as strings or numbers, enums as integers, bytes as base64, unknown fields
 * ignored. Every type error names the path of the offending field.
 */

type Json = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new OtlpDecodeError(`${path}: ${what}`);
}

function object(value: unknown, path: string): Json {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail(path, 'must be an object');
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(path, 'must be an array');
  return value;
}

function string(value: unknown, path: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') fail(path, 'must be a string');
  return value;
}

function integer(value: unknown, path: string, signed: boolean): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
    const parsed = BigInt(value.trim());
    const min = signed ? -(2n ** 63n) : 0n;
    const max = signed ? 2n ** 63n - 1n : 2n ** 64n - 1n;
    if (parsed >= min && parsed <= max) return parsed;
    fail(path, `${value} is out of range for a 64-bit integer`);
  }
  return fail(path, 'must be an integer (a number or a decimal string)');
}

function small(value: unknown, path: string): number {
  const parsed = integer(value, path, true);
  if (parsed < -(2n ** 31n) || parsed > 2n ** 32n - 1n) fail(path, 'is out of range');
  return Number(parsed);
}

function double(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return fail(path, 'must be a number');
}

/** Ids are hex in OTLP/JSON (not base64 as in plain protobuf JSON); case is normalised. */
function id(value: unknown, path: string): string {
  const text = string(value, path).toLowerCase();
  if (!/^[0-9a-f]*$/.test(text)) fail(path, 'must be a hex string');
  return text;
}

function bytes(value: unknown, path: string): Uint8Array {
  const text = string(value, path);
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(text)) fail(path, 'must be base64');
  return new Uint8Array(Buffer.from(text, 'base64'));
}

function anyValue(raw: unknown, path: string): AnyValue {
  const value = object(raw, path);
  if ('stringValue' in value)
    return { type: 'string', value: string(value.stringValue, `${path}.stringValue`) };
  if ('boolValue' in value) {
    if (typeof value.boolValue !== 'boolean') fail(`${path}.boolValue`, 'must be a boolean');
    return { type: 'bool', value: value.boolValue };
  }
  if ('intValue' in value)
    return { type: 'int', value: integer(value.intValue, `${path}.intValue`, true) };
  if ('doubleValue' in value)
    return { type: 'double', value: double(value.doubleValue, `${path}.doubleValue`) };
  if ('bytesValue' in value)
    return { type: 'bytes', value: bytes(value.bytesValue, `${path}.bytesValue`) };
  if ('arrayValue' in value) {
    const values = array(
      object(value.arrayValue, `${path}.arrayValue`).values,
      `${path}.arrayValue.values`,
    );
    return {
      type: 'array',
      value: values.map((item, i) => anyValue(item, `${path}.arrayValue.values[${i}]`)),
    };
  }
  if ('kvlistValue' in value) {
    const list = object(value.kvlistValue, `${path}.kvlistValue`).values;
    return { type: 'kvlist', value: keyValues(list, `${path}.kvlistValue.values`) };
  }
  return { type: 'empty' };
}

function keyValues(raw: unknown, path: string): KeyValue[] {
  return array(raw, path).map((item, i) => {
    const kv = object(item, `${path}[${i}]`);
    return {
      key: string(kv.key, `${path}[${i}].key`),
      value: anyValue(kv.value, `${path}[${i}].value`),
    };
  });
}

function resourceOf(raw: unknown, schemaUrl: unknown, path: string): ResourceData {
  const resource = object(raw, path);
  return {
    attributes: keyValues(resource.attributes, `${path}.attributes`),
    droppedAttributesCount: small(
      resource.droppedAttributesCount,
      `${path}.droppedAttributesCount`,
    ),
    schemaUrl: string(schemaUrl, `${path}.schemaUrl`),
  };
}

function scopeOf(raw: unknown, schemaUrl: unknown, path: string): ScopeData {
  const scope = object(raw, path);
  return {
    name: string(scope.name, `${path}.name`),
    version: string(scope.version, `${path}.version`),
    ...resourceOf(scope, schemaUrl, path),
  };
}

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

function parse(text: string | Uint8Array): Json {
  let value: unknown;
  try {
    value = JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${(error as Error).message}`);
  }
  return object(value, '$');
}

/** Nesting deep enough to exhaust the stack is bad input too, not a crash. */
function guarded<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof RangeError)
      throw new OtlpDecodeError(`input nested too deeply: ${error.message}`);
    throw error;
  }
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
