import type { TraceReader } from '../../jaeger/trace-reader.js';
import { loadTraceqlTraces } from '../search/load-traces.js';
import { createSpanConverter } from '../search/traceql-trace.js';
import type { CandidateTraces } from './candidate-traces.js';

/**
 * The candidate traces' stored spans (copies once), read by rowid, each trace converted whole
 * for the evaluator with the search's converter (resources and scopes parsed once per request).
 */
export function createTraceLoader(reader: TraceReader): CandidateTraces {
  const convert = createSpanConverter();
  return (traceIds, rowids) => loadTraceqlTraces(reader, traceIds, rowids, convert);
}
