/**
 * A search's answer as Tempo writes it (tempopb.SearchResponse through jsonpb): 64-bit numbers
 * as strings, zero and empty fields left out, and only the fields Grafana's decoder knows:
 * traces[{traceID, rootServiceName, rootTraceName, startTimeUnixNano, durationMs,
 * spanSets[{spans[{spanID, name, startTimeUnixNano, durationNanos, attributes}], matched,
 * attributes}]}] and metrics. Trace ids lose their leading zeros and span ids keep 16 digits,
 * as Tempo's hex writers do; traces are newest first.
 */
import type { TraceqlTrace } from '@otel-lab/traceql';
import type { EvaluatedSpanset, FieldValue, NamedValue } from './evaluated.js';
import { goDurationText } from './go-duration-text.js';
import type { TraceSearchResult } from './trace-search.js';

type Json = Record<string, unknown>;

/** Tempo's text for a trace whose root span (or its service) it has not seen. */
export const NO_ROOT_SERVICE = '<root span not yet received>';

/** A FieldValue as an OTLP AnyValue in jsonpb form (Tempo's Static.AsAnyValue). */
export function anyValueJson(value: FieldValue): Json {
  switch (value.type) {
    case 'string':
      return { stringValue: value.value };
    case 'int':
      return { intValue: String(Math.trunc(value.value)) };
    case 'float':
      return { doubleValue: Number.isFinite(value.value) ? value.value : String(value.value) };
    case 'bool':
      return { boolValue: value.value };
    case 'array':
      return { arrayValue: { values: value.values.map(anyValueJson) } };
    case 'duration':
      return { stringValue: goDurationText(value.ns) };
    case 'status':
    case 'kind':
      return { stringValue: value.value };
    case 'nil':
      return { stringValue: 'nil' };
  }
}

const keyValues = (values: readonly NamedValue[]) =>
  values.map(({ name, value }) => ({ key: name, value: anyValueJson(value) }));

/** Sets `key` unless the value is jsonpb's zero (0, '', '0', an empty list). */
function put(out: Json, key: string, value: unknown): void {
  if (value === 0 || value === '' || value === '0') return;
  if (Array.isArray(value) && value.length === 0) return;
  out[key] = value;
}

function spansetJson(spanset: EvaluatedSpanset, spss: number): Json {
  const out: Json = {};
  put(
    out,
    'spans',
    spanset.spans.slice(0, spss).map(({ span, attributes }) => {
      const json: Json = { spanID: span.spanId };
      put(json, 'name', span.name);
      put(json, 'startTimeUnixNano', span.startNs.toString());
      put(json, 'durationNanos', span.durationNs.toString());
      put(json, 'attributes', keyValues(attributes));
      return json;
    }),
  );
  put(out, 'matched', spanset.spans.length);
  put(out, 'attributes', keyValues(spanset.attributes));
  return out;
}

/** The root span's service and name, the trace's start and length, over all its spans. */
function traceJson(trace: TraceqlTrace): Json & { startNs: bigint } {
  let startNs: bigint | undefined;
  let endNs = 0n;
  for (const span of trace.spans) {
    if (startNs === undefined || span.startNs < startNs) startNs = span.startNs;
    const end = span.startNs + span.durationNs;
    if (end > endNs) endNs = end;
  }
  const root = trace.spans.find((span) => span.parentSpanId === '');
  const service = root?.resource.get('service.name');
  const out: Json & { startNs: bigint } = { startNs: startNs ?? 0n };
  out.traceID = trace.traceId.replace(/^0+(?=.)/, '');
  out.rootServiceName =
    service?.type === 'string' && service.value !== '' ? service.value : NO_ROOT_SERVICE;
  put(out, 'rootTraceName', root?.name ?? '');
  put(out, 'startTimeUnixNano', (startNs ?? 0n).toString());
  const duration = startNs === undefined ? 0n : endNs - startNs;
  put(out, 'durationMs', Number(duration / 1_000_000n));
  return out;
}

/** The JSON of a search answer; a tags search (`legacy`) has no span sets, as Tempo's. */
export function searchAnswerJson(result: TraceSearchResult, spss: number, legacy: boolean): Json {
  const traces = result.traces.map(({ trace, spansets }) => {
    const json = traceJson(trace);
    if (!legacy)
      put(
        json,
        'spanSets',
        spansets.map((spanset) => spansetJson(spanset, spss)),
      );
    return json;
  });
  traces.sort((a, b) => (a.startNs === b.startNs ? 0 : a.startNs > b.startNs ? -1 : 1));
  const metrics: Json = {};
  put(metrics, 'inspectedTraces', result.inspectedTraces);
  put(metrics, 'inspectedSpans', String(result.inspectedSpans));
  metrics.completedJobs = 1;
  metrics.totalJobs = 1;
  // `traces` is there when empty too (Tempo's jsonpb would leave it out): a field Grafana's
  // decoder knows, and clients that read `.traces.length` need no special case.
  return {
    traces: traces.map(({ startNs: _startNs, ...json }) => json),
    metrics,
  };
}
