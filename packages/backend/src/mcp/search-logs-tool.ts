/**
 * search_logs: with `query`, a LogQL log query as /loki/api/v1/query_range runs it
 * (logql-lines.ts); without, the native search's filters as GET /api/logs reads them
 * (log-search.ts, log-reader.ts). Either way over [now - since, now], newest first.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { DEFAULT_TIMEOUT_MS } from '../query/loki/loki-api.js';
import { createLogReader, type LogView } from '../query/native/log-reader.js';
import { LogSearchError, parseLogSearch } from '../query/native/log-search.js';
import { parsePrometheusDuration } from '../rules/prometheus-duration.js';
import { logged } from './call-log.js';
import { logqlLines } from './logql-lines.js';
import { capList, listShape, toolAnswer } from './tool-answer.js';

export const MAX_LOG_LINES = 200;
const DEFAULT_LOG_LINES = 50;

export const searchLogsInput = z.object({
  query: z
    .string()
    .min(1)
    .optional()
    .describe('a LogQL log query, e.g. {service_name="payment-service"} |= "declined"'),
  service: z.string().min(1).optional().describe('without query: only this service'),
  severity: z
    .string()
    .min(1)
    .optional()
    .describe('without query: at least this severity, TRACE DEBUG INFO WARN ERROR FATAL or 1-24'),
  text: z.string().min(1).optional().describe('without query: body contains this, any case'),
  traceId: z.string().optional().describe('without query: only the logs of this trace (32 hex)'),
  spanId: z.string().optional().describe('without query: only the logs of this span (16 hex)'),
  attributes: z
    .record(z.string(), z.string())
    .optional()
    .describe('without query: attributes that must all have these values'),
  since: z.string().optional().describe('how far back: a Prometheus duration, 15m, 1h; 1h'),
  limit: z.number().int().min(1).max(MAX_LOG_LINES).optional().describe('at most 200; 50'),
});

type SearchLogsArgs = z.infer<typeof searchLogsInput>;

const FILTERS = ['service', 'severity', 'text', 'traceId', 'spanId', 'attributes'] as const;

function sinceMs(since: string | undefined): number {
  const ms = parsePrometheusDuration(since ?? '1h');
  if (ms instanceof Error) throw new Error(`since: ${ms.message}`);
  return ms;
}

/** The query string GET /api/logs takes for the same question. */
export function logSearchParams(args: SearchLogsArgs, nowMs: number): URLSearchParams {
  const params = new URLSearchParams({
    start: String(nowMs - sinceMs(args.since)),
    end: String(nowMs),
    limit: String(args.limit ?? DEFAULT_LOG_LINES),
  });
  if (args.service) params.set('service', args.service);
  if (args.severity) params.set('minSeverity', args.severity);
  if (args.text) params.set('text', args.text);
  if (args.traceId) params.set('traceId', args.traceId);
  if (args.spanId) params.set('spanId', args.spanId);
  for (const [key, value] of Object.entries(args.attributes ?? {})) {
    params.append(`attr.${key}`, value);
  }
  return params;
}

/**
 * A native record as /api/logs has it, with its time also in RFC 3339, without its page cursor
 * and without its resource: the same dozen process attributes on every line would leave room for
 * a fifth of the lines (the record keeps its service).
 */
function recordOf({ cursor: _cursor, resource: _resource, ...view }: LogView) {
  return { timeIso: new Date(Number(BigInt(view.time) / 1_000_000n)).toISOString(), ...view };
}

async function nativeRecords(connection: DuckDBConnection, args: SearchLogsArgs) {
  try {
    const search = parseLogSearch(logSearchParams(args, Date.now()));
    return (await createLogReader(connection).search(search)).map(recordOf);
  } catch (error) {
    // The API's 400: the message says which parameter and why.
    if (error instanceof LogSearchError) throw new Error(error.message);
    throw error;
  }
}

const NARROW_QUERY = 'add a line filter (|= "text") or label matchers, or a shorter since';
const NARROW_FILTERS = 'add service, severity or text, or a shorter since';

export function registerSearchLogs(
  server: McpServer,
  connection: DuckDBConnection,
  timeoutMs: number | undefined,
  log: (message: string) => void,
): void {
  server.registerTool(
    'search_logs',
    {
      description:
        'Log lines, newest first: a LogQL log query as /loki/api/v1/query_range runs it ' +
        '(lines with their stream labels and structured metadata), or without query the ' +
        "native search's filters as /api/logs (records with service, severity, body, ids).",
      inputSchema: searchLogsInput,
      outputSchema: listShape(z.record(z.string(), z.unknown())),
      annotations: { readOnlyHint: true },
    },
    logged(log, 'search_logs', async (args: SearchLogsArgs) => {
      const limit = args.limit ?? DEFAULT_LOG_LINES;
      if (args.query !== undefined) {
        const mixed = FILTERS.filter((name) => args[name] !== undefined);
        if (mixed.length > 0) {
          throw new Error(`give either query or filters, not both (${mixed.join(', ')})`);
        }
        const endNs = BigInt(Date.now()) * 1_000_000n;
        const startNs = endNs - BigInt(sinceMs(args.since)) * 1_000_000n;
        const lines = await logqlLines(connection, args.query, {
          startNs,
          endNs,
          limit,
          timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
        });
        return toolAnswer(`${lines.length} log lines`, capList(lines, NARROW_QUERY));
      }
      const records = await nativeRecords(connection, args);
      return toolAnswer(`${records.length} log records`, capList(records, NARROW_FILTERS));
    }),
  );
}
