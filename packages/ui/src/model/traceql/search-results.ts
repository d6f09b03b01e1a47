import type { JaegerTrace } from '../jaeger-types.js';

/** A span of a span set in Tempo's search answer; `attributes` are OTLP KeyValues. */
export interface TempoSpan {
  spanID: string;
  name?: string;
  startTimeUnixNano: string;
  durationNanos: string;
  attributes?: { key: string; value?: { stringValue?: unknown } }[];
}

export interface TempoTrace {
  traceID: string;
  rootServiceName?: string;
  rootTraceName?: string;
  startTimeUnixNano: string;
  durationMs?: number;
  spanSets?: { spans?: TempoSpan[]; matched?: number }[];
  /** Older Tempo answers carry one span set here instead. */
  spanSet?: { spans?: TempoSpan[]; matched?: number };
}

export interface TempoSearch {
  traces?: TempoTrace[];
}

export interface MatchedSpan {
  spanID: string;
  name: string;
  /** From the span's `service.name` attribute; null when the answer does not carry it. */
  service: string | null;
  /** µs, as the trace view counts. */
  duration: number;
  /** Epoch µs. */
  start: number;
}

export interface TraceqlResult {
  traceID: string;
  rootService: string;
  rootName: string;
  /** Epoch µs. */
  start: number;
  /** µs. */
  duration: number;
  /** Matched spans returned (at most spss per span set), each once, in start order. */
  spans: MatchedSpan[];
  /** Spans that matched, counted by the backend (more than `spans` holds when spss cut them). */
  matched: number;
}

/** Nanoseconds as Tempo writes them (a decimal string) in whole µs, exactly; 0 if not a number. */
function micros(nanos: string | undefined): number {
  if (!nanos || !/^\d{1,30}$/.test(nanos)) return 0;
  return Number(BigInt(nanos) / 1000n);
}

/**
 * The service of a matched span. Tempo returns only the attributes a query names, so
 * `service.name` is there when the query names `resource.service.name`; otherwise null, and
 * withServices reads it from the trace.
 */
function serviceOf(span: TempoSpan): string | null {
  const value = span.attributes?.find((a) => a.key === 'service.name')?.value;
  return value && typeof value.stringValue === 'string' ? value.stringValue : null;
}

/** Tempo's search answer as the result list shows it, in the backend's order. */
export function traceqlResults(answer: TempoSearch): TraceqlResult[] {
  return (answer.traces ?? []).map((trace) => {
    const sets = trace.spanSets ?? (trace.spanSet ? [trace.spanSet] : []);
    const spans = new Map<string, MatchedSpan>();
    for (const set of sets) {
      for (const span of set.spans ?? []) {
        if (spans.has(span.spanID)) continue;
        spans.set(span.spanID, {
          spanID: span.spanID,
          name: span.name ?? '',
          service: serviceOf(span),
          duration: micros(span.durationNanos),
          start: micros(span.startTimeUnixNano),
        });
      }
    }
    return {
      traceID: trace.traceID,
      rootService: trace.rootServiceName ?? '',
      rootName: trace.rootTraceName ?? '',
      start: micros(trace.startTimeUnixNano),
      duration: (trace.durationMs ?? 0) * 1000,
      spans: [...spans.values()].sort((a, b) => a.start - b.start),
      matched: sets.reduce((sum, set) => sum + (set.matched ?? 0), 0),
    };
  });
}

/** The traces whose matched spans still need their service, for one Jaeger `traceID=` lookup. */
export const tracesWithoutServices = (results: TraceqlResult[]) =>
  results.filter((r) => r.spans.some((s) => s.service === null)).map((r) => r.traceID);

/**
 * The results with each matched span's service read from its trace (Jaeger JSON: the span's
 * process), for answers that did not carry it. A span the traces do not hold keeps null.
 */
/** Tempo may write ids without their leading zeros; Jaeger JSON has all the digits. */
const spanKey = (traceId: string, spanId: string) =>
  `${traceId.toLowerCase().padStart(32, '0')}/${spanId.toLowerCase().padStart(16, '0')}`;

export function withServices(results: TraceqlResult[], traces: JaegerTrace[]): TraceqlResult[] {
  const services = new Map<string, string>();
  for (const trace of traces) {
    for (const span of trace.spans) {
      const service = trace.processes[span.processID]?.serviceName;
      if (service !== undefined) services.set(spanKey(trace.traceID, span.spanID), service);
    }
  }
  return results.map((result) => ({
    ...result,
    spans: result.spans.map((span) =>
      span.service !== null
        ? span
        : { ...span, service: services.get(spanKey(result.traceID, span.spanID)) ?? null },
    ),
  }));
}
