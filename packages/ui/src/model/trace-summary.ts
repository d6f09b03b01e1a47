import type { JaegerSpan, JaegerTrace } from './jaeger-types.js';
import type { SortOrder } from './search-state.js';
import { isErrorSpan } from './span-tree.js';

/** One line of the search results. */
export interface TraceSummary {
  traceID: string;
  rootService: string;
  rootOperation: string;
  /** µs since the epoch. */
  start: number;
  duration: number;
  spanCount: number;
  errorCount: number;
  services: { name: string; count: number }[];
}

/** The root is the earliest span without a parent in the trace (the earliest span if none). */
export function summariseTrace(trace: JaegerTrace): TraceSummary {
  const ids = new Set(trace.spans.map((span) => span.spanID));
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const counts = new Map<string, number>();
  let errorCount = 0;
  for (const span of trace.spans) {
    start = Math.min(start, span.startTime);
    end = Math.max(end, span.startTime + span.duration);
    const service = trace.processes[span.processID]?.serviceName ?? span.processID;
    counts.set(service, (counts.get(service) ?? 0) + 1);
    if (isErrorSpan(span)) errorCount++;
  }
  const earliest = (spans: JaegerSpan[]) =>
    spans.reduce<JaegerSpan | undefined>(
      (a, b) => (!a || b.startTime < a.startTime ? b : a),
      undefined,
    );
  const root =
    earliest(
      trace.spans.filter(
        (span) => !span.references.some((r) => r.refType === 'CHILD_OF' && ids.has(r.spanID)),
      ),
    ) ?? earliest(trace.spans);
  return {
    traceID: trace.traceID,
    rootService: root ? (trace.processes[root.processID]?.serviceName ?? root.processID) : '',
    rootOperation: root?.operationName ?? '',
    start: trace.spans.length > 0 ? start : 0,
    duration: trace.spans.length > 0 ? end - start : 0,
    spanCount: trace.spans.length,
    errorCount,
    services: [...counts].map(([name, count]) => ({ name, count })),
  };
}

const COMPARE: Record<SortOrder, (a: TraceSummary, b: TraceSummary) => number> = {
  recent: (a, b) => b.start - a.start,
  longest: (a, b) => b.duration - a.duration,
  shortest: (a, b) => a.duration - b.duration,
  'most-spans': (a, b) => b.spanCount - a.spanCount,
  'least-spans': (a, b) => a.spanCount - b.spanCount,
};

/** Sorted copy; ties fall back to the most recent first, then the trace id, so order is stable. */
export function sortSummaries(summaries: TraceSummary[], order: SortOrder): TraceSummary[] {
  return [...summaries].sort(
    (a, b) => COMPARE[order](a, b) || b.start - a.start || (a.traceID < b.traceID ? -1 : 1),
  );
}
