/**
 * Stored spans (the Jaeger reader's SpanRow) as the TraceQL evaluator reads a trace. Values keep
 * their OTLP types; bytes become their base64 text and maps the text of their compact JSON, the
 * strings the SQL pushdown compares them as (value-sql.ts). Spans are in start order (then
 * stored order), the order span sets list them in.
 */
import {
  type AttributeValue,
  KINDS_BY_OTLP_CODE,
  STATUSES_BY_OTLP_CODE,
  type TraceqlSpan,
  type TraceqlTrace,
} from '@otel-lab/traceql';
import {
  compactFromOtlpJson,
  type OtlpJsonKeyValue,
  type OtlpJsonValue,
} from '../../../storage/compact-attributes.js';
import type { SpanRow } from '../../jaeger/span-rows.js';

export const hexId = (id: bigint, digits: number) =>
  BigInt.asUintN(digits * 4, id)
    .toString(16)
    .padStart(digits, '0');

function attributeValue(value: OtlpJsonValue | undefined): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return { type: 'string', value: value.stringValue };
  if (value.boolValue !== undefined) return { type: 'bool', value: value.boolValue };
  if (value.intValue !== undefined) return { type: 'int', value: Number(value.intValue) };
  if (value.doubleValue !== undefined) return { type: 'float', value: Number(value.doubleValue) };
  if (value.bytesValue !== undefined) return { type: 'string', value: value.bytesValue };
  if (value.arrayValue !== undefined) {
    const values = (value.arrayValue.values ?? []).map(attributeValue);
    return { type: 'array', values: values.filter((v) => v !== undefined) };
  }
  if (value.kvlistValue !== undefined) {
    return {
      type: 'string',
      value: compactFromOtlpJson(JSON.stringify(value.kvlistValue.values ?? [])),
    };
  }
  return undefined;
}

/** A key/value list as a map; an empty value is no value. Later duplicates win, as stored. */
export function attributeMap(
  list: readonly OtlpJsonKeyValue[] | undefined,
): Map<string, AttributeValue> {
  const map = new Map<string, AttributeValue>();
  for (const kv of list ?? []) {
    const value = attributeValue(kv.value);
    if (value === undefined) map.delete(kv.key);
    else map.set(kv.key, value);
  }
  return map;
}

interface StoredScope {
  name?: string;
  version?: string;
  attributes?: OtlpJsonKeyValue[];
}

/** Resources and scopes are shared by many spans: each stored text is parsed once. */
export function createSpanConverter() {
  const resources = new Map<string, Map<string, AttributeValue>>();
  const scopes = new Map<string, TraceqlSpan['scope']>();
  const resourceOf = (text: string) => {
    let found = resources.get(text);
    if (!found) {
      found = attributeMap((JSON.parse(text) as { attributes?: OtlpJsonKeyValue[] }).attributes);
      resources.set(text, found);
    }
    return found;
  };
  const scopeOf = (text: string) => {
    let found = scopes.get(text);
    if (!found) {
      const scope = JSON.parse(text) as StoredScope;
      found = {
        name: scope.name ?? '',
        version: scope.version ?? '',
        attributes: attributeMap(scope.attributes),
      };
      scopes.set(text, found);
    }
    return found;
  };
  return (row: SpanRow): TraceqlSpan => ({
    spanId: hexId(row.spanId, 16),
    parentSpanId: row.parentSpanId === null ? '' : hexId(row.parentSpanId, 16),
    name: row.name,
    kind: KINDS_BY_OTLP_CODE[row.kind] ?? 'unspecified',
    status: STATUSES_BY_OTLP_CODE[row.statusCode] ?? 'unset',
    statusMessage: row.statusMessage,
    startNs: row.startNs,
    durationNs: row.durationNs,
    attributes: attributeMap(row.attributes),
    resource: resourceOf(row.resource),
    scope: scopeOf(row.scope),
    events: row.events.map((event) => ({
      name: event.name,
      timeSinceStartNs: BigInt(event.timeUnixNano) - row.startNs,
      attributes: attributeMap(event.attributes),
    })),
    links: row.links.map((link) => ({
      traceId: link.traceId.toLowerCase(),
      spanId: link.spanId.toLowerCase(),
      attributes: attributeMap(link.attributes),
    })),
  });
}

/** One trace's rows (any order) as a TraceqlTrace, its spans in start order. */
export function traceqlTrace(
  traceId: bigint,
  rows: readonly SpanRow[],
  convert: (row: SpanRow) => TraceqlSpan,
): TraceqlTrace {
  const sorted = [...rows].sort((a, b) =>
    a.startNs !== b.startNs ? (a.startNs < b.startNs ? -1 : 1) : a.rowid < b.rowid ? -1 : 1,
  );
  return { traceId: hexId(traceId, 32), spans: sorted.map(convert) };
}
