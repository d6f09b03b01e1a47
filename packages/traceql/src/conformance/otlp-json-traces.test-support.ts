// OTLP/JSON export requests (one per line, as oteldb's fixture holds them) to the evaluator's
// trace model, one TraceqlTrace per trace id. Test support: the storage does this job in the backend.
import { KINDS_BY_OTLP_CODE, STATUSES_BY_OTLP_CODE } from '../ast';
import type { Attributes, AttributeValue, TraceqlSpan, TraceqlTrace } from '../eval/trace-model';

interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: unknown;
}
interface KeyValue {
  key: string;
  value?: AnyValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: KeyValue[];
  status?: { code?: number; message?: string };
  events?: { name: string; timeUnixNano: string; attributes?: KeyValue[] }[];
  links?: { traceId: string; spanId: string; attributes?: KeyValue[] }[];
}
interface OtlpRequest {
  resourceSpans: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans: {
      scope?: { name?: string; version?: string; attributes?: KeyValue[] };
      spans: OtlpSpan[];
    }[];
  }[];
}

function value(v: AnyValue | undefined): AttributeValue {
  if (v?.stringValue !== undefined) return { type: 'string', value: v.stringValue };
  if (v?.boolValue !== undefined) return { type: 'bool', value: v.boolValue };
  if (v?.intValue !== undefined) return { type: 'int', value: Number(v.intValue) };
  if (v?.doubleValue !== undefined) return { type: 'float', value: v.doubleValue };
  if (v?.arrayValue) return { type: 'array', values: (v.arrayValue.values ?? []).map(value) };
  if (v?.bytesValue !== undefined) return { type: 'string', value: v.bytesValue };
  return { type: 'string', value: JSON.stringify(v?.kvlistValue ?? null) };
}

const attributes = (list: KeyValue[] | undefined): Attributes =>
  new Map((list ?? []).map((kv) => [kv.key, value(kv.value)]));

/** Every trace of the file's requests, spans in file order. */
export function tracesOfOtlpJsonLines(text: string): TraceqlTrace[] {
  const byId = new Map<string, TraceqlSpan[]>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    for (const rs of (JSON.parse(line) as OtlpRequest).resourceSpans) {
      const resource = attributes(rs.resource?.attributes);
      for (const ss of rs.scopeSpans) {
        const scope = {
          name: ss.scope?.name ?? '',
          version: ss.scope?.version ?? '',
          attributes: attributes(ss.scope?.attributes),
        };
        for (const s of ss.spans) {
          const startNs = BigInt(s.startTimeUnixNano);
          const span: TraceqlSpan = {
            spanId: s.spanId.toLowerCase(),
            parentSpanId: (s.parentSpanId ?? '').toLowerCase(),
            name: s.name,
            kind: KINDS_BY_OTLP_CODE[s.kind ?? 0] ?? 'unspecified',
            status: STATUSES_BY_OTLP_CODE[s.status?.code ?? 0] ?? 'unset',
            statusMessage: s.status?.message ?? '',
            startNs,
            durationNs: BigInt(s.endTimeUnixNano) - startNs,
            attributes: attributes(s.attributes),
            resource,
            scope,
            events: (s.events ?? []).map((e) => ({
              name: e.name,
              timeSinceStartNs: BigInt(e.timeUnixNano) - startNs,
              attributes: attributes(e.attributes),
            })),
            links: (s.links ?? []).map((l) => ({
              traceId: l.traceId.toLowerCase(),
              spanId: l.spanId.toLowerCase(),
              attributes: attributes(l.attributes),
            })),
          };
          const traceId = s.traceId.toLowerCase();
          byId.set(traceId, [...(byId.get(traceId) ?? []), span]);
        }
      }
    }
  }
  return [...byId].map(([traceId, spans]) => ({ traceId, spans }));
}
