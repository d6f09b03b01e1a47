import { formatDuration } from '../traffic/duration.js';
import type { BackendGet } from './backend-client.js';
import {
  extentOf,
  formatMicros,
  isError,
  type JaegerTrace,
  rootOf,
  serviceOf,
} from './jaeger-json.js';
import type { QueryOptions } from './options.js';
import { bodyOf, type Outcome } from './outcome.js';
import { textTable } from './text-table.js';

export interface TraceSummary {
  traceId: string;
  start: string;
  rootService: string;
  rootName: string;
  durationUs: number;
  spans: number;
  errors: number;
}

function summaryOf(trace: JaegerTrace): TraceSummary {
  const root = rootOf(trace);
  const { start, end } = extentOf(trace);
  return {
    traceId: trace.traceID,
    start: new Date(start / 1000).toISOString(),
    rootService: root ? serviceOf(trace, root) : '?',
    rootName: root?.operationName ?? '?',
    durationUs: end - start,
    spans: trace.spans.length,
    errors: trace.spans.filter(isError).length,
  };
}

export async function queryTraces(
  get: BackendGet,
  options: QueryOptions,
  nowMs = Date.now(),
): Promise<Outcome> {
  const answer = await get('/api/traces', {
    service: options.service,
    operation: options.operation,
    limit: String(options.limit),
    start: String((nowMs - options.sinceMs) * 1000),
    end: String(nowMs * 1000),
    tags: options.errorsOnly ? JSON.stringify({ error: 'true' }) : undefined,
  });
  const body = bodyOf(answer, 'the trace search');
  if ('error' in body) return body;
  const traces = ((body.body as { data?: JaegerTrace[] }).data ?? []).filter((t) => t.spans.length);
  const summaries = traces.map(summaryOf).sort((a, b) => b.start.localeCompare(a.start));
  const text = summaries.length
    ? textTable(
        ['TRACE ID', 'START', 'ROOT', 'DURATION', 'SPANS', 'ERRORS'],
        summaries.map((s) => [
          s.traceId,
          s.start,
          `${s.rootService}: ${s.rootName}`,
          formatMicros(s.durationUs),
          s.spans,
          s.errors || '',
        ]),
      )
    : `(no traces of ${options.service} in the last ${formatDuration(options.sinceMs)} match)`;
  return { text, json: { traces: summaries } };
}
