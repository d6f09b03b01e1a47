/** The parts of the Jaeger v1 API's trace JSON the query command reads. */

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: { refType: string; spanID: string }[];
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags?: { key: string; value: unknown }[];
  processID: string;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

export const isError = (span: JaegerSpan) =>
  span.tags?.some((tag) => tag.key === 'error' && (tag.value === true || tag.value === 'true')) ??
  false;

export const serviceOf = (trace: JaegerTrace, span: JaegerSpan) =>
  trace.processes[span.processID]?.serviceName ?? '?';

/** The span whose parent is not in the trace and that starts first. */
export function rootOf(trace: JaegerTrace): JaegerSpan | undefined {
  const ids = new Set(trace.spans.map((s) => s.spanID));
  const roots = trace.spans.filter((s) => !s.references?.some((r) => ids.has(r.spanID)));
  return (roots.length ? roots : trace.spans).reduce<JaegerSpan | undefined>(
    (first, s) => (!first || s.startTime < first.startTime ? s : first),
    undefined,
  );
}

/** From the first span's start to the last span's end, in microseconds. */
export function extentOf(trace: JaegerTrace): { start: number; end: number } {
  const start = Math.min(...trace.spans.map((s) => s.startTime));
  const end = Math.max(...trace.spans.map((s) => s.startTime + s.duration));
  return { start, end };
}

export function formatMicros(us: number): string {
  if (us < 1000) return `${us} µs`;
  if (us < 1_000_000) return `${Number((us / 1000).toFixed(1))} ms`;
  return `${Number((us / 1_000_000).toFixed(2))} s`;
}
