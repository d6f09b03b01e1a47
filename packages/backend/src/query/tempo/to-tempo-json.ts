import type { OtlpResourceSpans } from '../jaeger-v3/to-otlp-json.js';

type Json = Record<string, unknown>;

const KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_CODES = ['UNSET', 'OK', 'ERROR'];

/** Tempo marshals with jsonpb: bytes (trace and span ids) as base64, not OTLP/JSON's hex. */
const base64OfHex = (hex: unknown) => Buffer.from(String(hex), 'hex').toString('base64');

/** jsonpb writes an enum by its name; a number it has no name for stays a number. */
const enumName = (prefix: string, names: string[], value: unknown) =>
  typeof value === 'number' && names[value] !== undefined ? `${prefix}${names[value]}` : value;

function span(item: Json): Json {
  const out: Json = { ...item, traceId: base64OfHex(item.traceId) };
  out.spanId = base64OfHex(item.spanId);
  if (item.parentSpanId !== undefined) out.parentSpanId = base64OfHex(item.parentSpanId);
  if (item.kind !== undefined) out.kind = enumName('SPAN_KIND_', KINDS, item.kind);
  if (item.links !== undefined) {
    out.links = (item.links as Json[]).map((link) => ({
      ...link,
      ...(link.traceId === undefined ? {} : { traceId: base64OfHex(link.traceId) }),
      ...(link.spanId === undefined ? {} : { spanId: base64OfHex(link.spanId) }),
    }));
  }
  const status = item.status as Json | undefined;
  if (status?.code !== undefined) {
    out.status = { ...status, code: enumName('STATUS_CODE_', STATUS_CODES, status.code) };
  }
  return out;
}

/** The trace's ResourceSpans as Tempo's JSON writes them (OTLP field names, jsonpb values). */
export function toTempoJson(resourceSpans: OtlpResourceSpans[]): Json[] {
  return resourceSpans.map((resource) => ({
    ...resource,
    scopeSpans: resource.scopeSpans.map((scope) => ({ ...scope, spans: scope.spans.map(span) })),
  }));
}
