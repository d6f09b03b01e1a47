import type { OtlpResourceSpans } from '../jaeger-v3/to-otlp-json.js';

/** A JSON object of OTLP/JSON, as to-otlp-json.ts builds it. */
type Json = Record<string, unknown>;

/**
 * A 64-bit integer as protobufjs's writer takes it without long.js: its two 32-bit halves
 * (a string or a number would go through parseInt and lose precision past 2^53).
 */
function longBits(value: unknown): { low: number; high: number } {
  const bits = BigInt.asUintN(64, BigInt(String(value)));
  return { low: Number(bits & 0xffffffffn), high: Number(bits >> 32n) };
}

const bytesOfHex = (hex: unknown) => Buffer.from(String(hex ?? ''), 'hex');

function anyValue(value: Json | undefined): Json {
  if (!value) return {};
  if ('intValue' in value) return { intValue: longBits(value.intValue) };
  if ('doubleValue' in value) return { doubleValue: Number(value.doubleValue) };
  if ('bytesValue' in value) return { bytesValue: Buffer.from(String(value.bytesValue), 'base64') };
  if ('arrayValue' in value) {
    const values = ((value.arrayValue as Json)?.values as Json[] | undefined) ?? [];
    return { arrayValue: { values: values.map(anyValue) } };
  }
  if ('kvlistValue' in value) {
    return { kvlistValue: { values: keyValues((value.kvlistValue as Json)?.values) } };
  }
  return value;
}

function keyValues(list: unknown): Json[] {
  return ((list as Json[] | undefined) ?? []).map((kv) => ({
    key: kv.key,
    value: anyValue(kv.value as Json | undefined),
  }));
}

/** Attributes of a resource, scope, event or link, and the rest of it as it is. */
function withAttributes(item: Json): Json {
  return { ...item, attributes: keyValues(item.attributes) };
}

function span(item: Json): Json {
  return {
    ...withAttributes(item),
    traceId: bytesOfHex(item.traceId),
    spanId: bytesOfHex(item.spanId),
    parentSpanId: bytesOfHex(item.parentSpanId),
    startTimeUnixNano: longBits(item.startTimeUnixNano ?? 0),
    endTimeUnixNano: longBits(item.endTimeUnixNano ?? 0),
    events: ((item.events as Json[] | undefined) ?? []).map((event) => ({
      ...withAttributes(event),
      timeUnixNano: longBits(event.timeUnixNano ?? 0),
    })),
    links: ((item.links as Json[] | undefined) ?? []).map((link) => ({
      ...withAttributes(link),
      traceId: bytesOfHex(link.traceId),
      spanId: bytesOfHex(link.spanId),
    })),
  };
}

/** OTLP/JSON ResourceSpans (hex ids, decimal strings for 64-bit numbers) in protobufjs form. */
export function toTempoPb(resourceSpans: OtlpResourceSpans[]): Json[] {
  return resourceSpans.map((resource) => ({
    ...resource,
    resource: withAttributes(resource.resource),
    scopeSpans: resource.scopeSpans.map((scope) => ({
      ...scope,
      scope: withAttributes(scope.scope),
      spans: scope.spans.map(span),
    })),
  }));
}
