import type { TraceqlTrace } from '@otel-lab/traceql';
import type { SpanRow } from '../../jaeger/span-rows.js';
import type { TraceReader } from '../../jaeger/trace-reader.js';
import { createSpanConverter, traceqlTrace } from './traceql-trace.js';

/**
 * Traces for the evaluator: the stored spans of `ids` (copies once), or only the rows `rowids`
 * names when the caller has found them (a scan of trace_id saved), each trace converted whole,
 * in the order the reader hands them. `convert` keeps resources and scopes parsed across loads.
 */
export async function loadTraceqlTraces(
  reader: TraceReader,
  ids: readonly bigint[],
  rowids?: readonly bigint[],
  convert = createSpanConverter(),
): Promise<TraceqlTrace[]> {
  const rows = new Map<bigint, SpanRow[]>();
  await reader.streamSpans({ ids, rowids, copies: false }, (row) => {
    const list = rows.get(row.traceId);
    if (list) list.push(row);
    else rows.set(row.traceId, [row]);
  });
  return [...rows].map(([id, list]) => traceqlTrace(id, list, convert));
}
