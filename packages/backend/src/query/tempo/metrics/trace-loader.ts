import type { SpanRow } from '../../jaeger/span-rows.js';
import type { TraceReader } from '../../jaeger/trace-reader.js';
import { createSpanConverter, traceqlTrace } from '../search/traceql-trace.js';
import type { CandidateTraces } from './candidate-traces.js';

/**
 * Every stored span of the traces asked for (copies once), each trace converted whole for the
 * evaluator with the search's converter (resources and scopes parsed once per request).
 */
export function createTraceLoader(reader: TraceReader): CandidateTraces {
  return async (traceIds) => {
    const convert = createSpanConverter();
    const rows = new Map<bigint, SpanRow[]>();
    await reader.streamSpans({ ids: traceIds, copies: false }, (row) => {
      const list = rows.get(row.traceId);
      if (list) list.push(row);
      else rows.set(row.traceId, [row]);
    });
    return [...rows].map(([id, list]) => traceqlTrace(id, list, convert));
  };
}
