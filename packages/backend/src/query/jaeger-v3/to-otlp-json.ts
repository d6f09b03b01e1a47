import type { SpanRow } from '../jaeger/trace-reader.js';

/** A JSON object whose zero-valued fields are left out, as proto3 JSON (jsonpb) writes it. */
type JsonObject = Record<string, unknown>;

interface StoredResource {
  attributes?: unknown[];
  droppedAttributesCount?: number;
  schemaUrl?: string;
}

interface StoredScope extends StoredResource {
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
function compact(fields: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => !isZero(value)));
}

const hex = (id: bigint, digits: number) => id.toString(16).padStart(digits, '0');

function events(text: string): JsonObject[] {
  return (JSON.parse(text) as JsonObject[]).map((event) =>
    compact({
      timeUnixNano: event.timeUnixNano,
      name: event.name,
      attributes: event.attributes,
      droppedAttributesCount: event.droppedAttributesCount,
    }),
  );
}

function links(text: string): JsonObject[] {
  return (JSON.parse(text) as JsonObject[]).map((link) =>
    compact({
      traceId: link.traceId,
      spanId: link.spanId,
      traceState: link.traceState,
      attributes: link.attributes,
      droppedAttributesCount: link.droppedAttributesCount,
      flags: link.flags,
    }),
  );
}

/** One stored span in OTLP/JSON: ids in hex, times as strings of ns, kind and status as numbers. */
export function toOtlpSpan(row: SpanRow): JsonObject {
  const parent = row.parentSpanId ?? 0n;
  return {
    ...compact({
      traceId: hex(row.traceId, 32),
      spanId: hex(row.spanId, 16),
      traceState: row.traceState,
      parentSpanId: parent === 0n ? '' : hex(parent, 16),
      flags: row.flags,
      name: row.name,
      kind: row.kind,
      startTimeUnixNano: row.startNs.toString(),
      endTimeUnixNano: row.endNs.toString(),
      attributes: JSON.parse(row.attributes),
      droppedAttributesCount: row.droppedAttributes,
      events: events(row.events),
      droppedEventsCount: row.droppedEvents,
      links: links(row.links),
      droppedLinksCount: row.droppedLinks,
    }),
    // Status, like resource and scope, is a non-nullable message: always written, even empty.
    status: compact({ message: row.statusMessage, code: row.statusCode }),
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
      const resource = JSON.parse(row.resource) as StoredResource;
      const entry: OtlpResourceSpans = {
        resource: compact({
          attributes: resource.attributes,
          droppedAttributesCount: resource.droppedAttributesCount,
        }),
        scopeSpans: [],
        ...compact({ schemaUrl: resource.schemaUrl }),
      };
      group = { entry, scopes: new Map() };
      byResource.set(row.resource, group);
    }
    let index = group.scopes.get(row.scope);
    if (index === undefined) {
      const scope = JSON.parse(row.scope) as StoredScope;
      index = group.entry.scopeSpans.length;
      group.entry.scopeSpans.push({
        scope: compact({
          name: scope.name,
          version: scope.version,
          attributes: scope.attributes,
          droppedAttributesCount: scope.droppedAttributesCount,
        }),
        spans: [],
        ...compact({ schemaUrl: scope.schemaUrl }),
      });
      group.scopes.set(row.scope, index);
    }
    group.entry.scopeSpans[index]?.spans.push(toOtlpSpan(row));
  }
  return [...byResource.values()].map((group) => group.entry);
}
