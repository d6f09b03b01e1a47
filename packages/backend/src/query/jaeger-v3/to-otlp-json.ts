import type { SpanRow } from '../jaeger/span-rows.js';

/** A JSON object whose zero-valued fields are left out, as proto3 JSON (jsonpb) writes it. */
type JsonObject = Record<string, unknown>;

export interface StoredResource {
  attributes?: unknown[];
  droppedAttributesCount?: number;
  schemaUrl?: string;
}

export interface StoredScope extends StoredResource {
  name?: string;
  version?: string;
}

export interface OtlpResourceSpans {
  resource: JsonObject;
  scopeSpans: { scope: JsonObject; spans: JsonObject[]; schemaUrl?: string }[];
  schemaUrl?: string;
}

const isZero = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  value === 0 ||
  value === '0' ||
  (Array.isArray(value) && value.length === 0);

/** The fields that are set: proto3 JSON leaves out empty strings, zeros and empty lists. */
export function compact(fields: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => !isZero(value)));
}

const hex = (id: bigint, digits: number) => id.toString(16).padStart(digits, '0');

/** Sets `key` on `out` unless `value` is proto3 JSON's zero (left out). */
function put(out: JsonObject, key: string, value: unknown): void {
  if (!isZero(value)) out[key] = value;
}

function events(row: SpanRow): JsonObject[] {
  return row.events.map((event) => {
    const out: JsonObject = {};
    put(out, 'timeUnixNano', event.timeUnixNano);
    put(out, 'name', event.name);
    put(out, 'attributes', event.attributes);
    put(out, 'droppedAttributesCount', event.droppedAttributesCount);
    return out;
  });
}

function links(row: SpanRow): JsonObject[] {
  return row.links.map((link) => {
    const out: JsonObject = {};
    put(out, 'traceId', link.traceId);
    put(out, 'spanId', link.spanId);
    put(out, 'traceState', link.traceState);
    put(out, 'attributes', link.attributes);
    put(out, 'droppedAttributesCount', link.droppedAttributesCount);
    put(out, 'flags', link.flags);
    return out;
  });
}

/** One stored span in OTLP/JSON: ids in hex, times as strings of ns, kind and status as numbers. */
export function toOtlpSpan(row: SpanRow): JsonObject {
  const parent = row.parentSpanId ?? 0n;
  const out: JsonObject = { traceId: hex(row.traceId, 32), spanId: hex(row.spanId, 16) };
  put(out, 'traceState', row.traceState);
  if (parent !== 0n) out.parentSpanId = hex(parent, 16);
  put(out, 'flags', row.flags);
  put(out, 'name', row.name);
  put(out, 'kind', row.kind);
  put(out, 'startTimeUnixNano', row.startNs.toString());
  put(out, 'endTimeUnixNano', row.endNs.toString());
  put(out, 'attributes', row.attributes);
  put(out, 'droppedAttributesCount', row.droppedAttributes);
  put(out, 'events', events(row));
  put(out, 'droppedEventsCount', row.droppedEvents);
  put(out, 'links', links(row));
  put(out, 'droppedLinksCount', row.droppedLinks);
  // Status, like resource and scope, is a non-nullable message: always written, even empty.
  const status: JsonObject = {};
  put(status, 'message', row.statusMessage);
  put(status, 'code', row.statusCode);
  out.status = status;
  return out;
}

/** A stored resource as OTLP/JSON writes it, and its schema URL ('' for none). */
export function resourceJson(text: string): { resource: JsonObject; schemaUrl: string } {
  const resource = JSON.parse(text) as StoredResource;
  return {
    resource: compact({
      attributes: resource.attributes,
      droppedAttributesCount: resource.droppedAttributesCount,
    }),
    schemaUrl: resource.schemaUrl ?? '',
  };
}

/** A stored instrumentation scope as OTLP/JSON writes it, and its schema URL. */
export function scopeJson(text: string): { scope: JsonObject; schemaUrl: string } {
  const scope = JSON.parse(text) as StoredScope;
  return {
    scope: compact({
      name: scope.name,
      version: scope.version,
      attributes: scope.attributes,
      droppedAttributesCount: scope.droppedAttributesCount,
    }),
    schemaUrl: scope.schemaUrl ?? '',
  };
}

/**
 * The spans of one trace as OTLP ResourceSpans: spans grouped by identical resource, then by
 * identical scope, each group in order of first appearance and spans in stored order.
 */
export function toOtlpResourceSpans(rows: SpanRow[]): OtlpResourceSpans[] {
  const byResource = new Map<string, { entry: OtlpResourceSpans; scopes: Map<string, number> }>();
  for (const row of rows) {
    let group = byResource.get(row.resource);
    if (!group) {
      const { resource, schemaUrl } = resourceJson(row.resource);
      const entry: OtlpResourceSpans = { resource, scopeSpans: [], ...compact({ schemaUrl }) };
      group = { entry, scopes: new Map() };
      byResource.set(row.resource, group);
    }
    let index = group.scopes.get(row.scope);
    if (index === undefined) {
      const { scope, schemaUrl } = scopeJson(row.scope);
      index = group.entry.scopeSpans.length;
      group.entry.scopeSpans.push({ scope, spans: [], ...compact({ schemaUrl }) });
      group.scopes.set(row.scope, index);
    }
    group.entry.scopeSpans[index]?.spans.push(toOtlpSpan(row));
  }
  return [...byResource.values()].map((group) => group.entry);
}
