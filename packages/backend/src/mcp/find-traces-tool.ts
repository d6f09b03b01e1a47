/**
 * find_traces: the native trace search (GET /api/search/traces, trace-search.ts) asked with an
 * agent's arguments; the answer is the same summaries, newest first. Durations are Prometheus's
 * syntax (`250ms`, `2s`, `1h`), which agents write more reliably than bare milliseconds.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { parseTraceSearch } from '../query/native/trace-search.js';
import { searchTraceSummaries } from '../query/native/trace-summaries.js';
import { parsePrometheusDuration } from '../rules/prometheus-duration.js';
import { logged } from './call-log.js';
import { capList, listShape, toolAnswer } from './tool-answer.js';

export const MAX_FIND_LIMIT = 100;

const duration = z
  .union([z.string(), z.number().nonnegative()])
  .describe('a Prometheus duration (250ms, 2s, 15m, 1h, 1d) or a number of milliseconds');

export const findTracesInput = z.object({
  service: z.string().min(1).optional().describe('only traces with a span of this service'),
  operation: z.string().min(1).optional().describe('only traces with a span of this name'),
  attributes: z
    .record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe(
      'only traces with a span having each of these attribute values, e.g. {"payment.slow": true}',
    ),
  minDuration: duration.optional().describe('only traces at least this long, e.g. 500ms'),
  errorsOnly: z.boolean().optional().describe('only traces with an error span'),
  since: duration.optional().describe('how far back to look; 1h when absent'),
  limit: z.number().int().min(1).max(MAX_FIND_LIMIT).optional().describe('at most 100; 20'),
});

type FindTracesArgs = z.infer<typeof findTracesInput>;

function milliseconds(name: string, text: string | number): number {
  if (typeof text === 'number') return text;
  const ms = parsePrometheusDuration(text);
  if (ms instanceof Error) throw new Error(`${name}: ${ms.message}`);
  return ms;
}

/** The query string GET /api/search/traces takes for the same question. */
export function searchParamsOf(args: FindTracesArgs, nowMs: number): URLSearchParams {
  const query = new URLSearchParams({ end: String(nowMs), limit: String(args.limit ?? 20) });
  query.set('start', String(nowMs - milliseconds('since', args.since ?? '1h')));
  if (args.service) query.set('service', args.service);
  if (args.operation) query.set('operation', args.operation);
  // Each is the search API's `filter=key=value`: values compare as text, as there.
  for (const [key, value] of Object.entries(args.attributes ?? {}))
    query.append('filter', `${key}=${value}`);
  if (args.minDuration)
    query.set('minDuration', String(milliseconds('minDuration', args.minDuration)));
  if (args.errorsOnly) query.set('errors', 'true');
  return query;
}

const traceSummary = z.object({
  traceId: z.string(),
  rootService: z.string(),
  rootName: z.string(),
  startTime: z.number(),
  durationMs: z.number(),
  spanCount: z.number(),
  errorCount: z.number(),
  services: z.array(z.string()),
});

export function registerFindTraces(
  server: McpServer,
  connection: DuckDBConnection,
  log: (message: string) => void,
): void {
  server.registerTool(
    'find_traces',
    {
      description:
        'Recent traces, newest first, as summaries (root span, duration, span and error counts). ' +
        'Ask get_trace for one trace.',
      inputSchema: findTracesInput,
      outputSchema: listShape(traceSummary),
      annotations: { readOnlyHint: true },
    },
    logged(log, 'find_traces', async (args: FindTracesArgs) => {
      const traces = await searchTraceSummaries(
        connection,
        parseTraceSearch(searchParamsOf(args, Date.now())),
      );
      const answer = capList(
        traces,
        'ask for fewer (limit), one service or operation, or a shorter since',
      );
      const errors = traces.filter((trace) => trace.errorCount > 0).length;
      return toolAnswer(`${traces.length} traces, ${errors} with errors`, answer);
    }),
  );
}
